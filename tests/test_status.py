"""Reporting and disaggregation statistics: the incumbent's rules on small examples."""

from __future__ import annotations

from sdgkit.derive.status import disaggregation_status, reporting_statistics


def test_disaggregation_status_rules() -> None:
    assert disaggregation_status([], ["Sex"]) == "notapplicable"
    assert disaggregation_status(["Sex", "Age"], ["Age", "Sex"]) == "complete"
    assert disaggregation_status(["Sex", "Age"], ["Sex"]) == "inprogress"
    assert disaggregation_status(["Sex"], ["Region"]) == "notstarted"
    assert disaggregation_status(["Sex"], []) == "notstarted"


def test_reporting_statistics_shape_and_numbers() -> None:
    metadata = [
        {"goal_number": "1", "reporting_status": "complete", "un_designated_tier": "Tier I"},
        {"goal_number": "1", "reporting_status": "notstarted"},
        {"goal_number": "10", "reporting_status": "complete", "un_designated_tier": "Tier I"},
        {"goal_number": "2", "reporting_status": "complete", "standalone": True},
        {"goal_number": "2", "reporting_status": "notapplicable", "placeholder": "soon"},
    ]
    stats = reporting_statistics(metadata, ["un_designated_tier"])
    # statuses in order of first appearance, across all indicators (even excluded ones)
    assert stats["statuses"] == [{"value": "complete"}, {"value": "notstarted"}, {"value": "notapplicable"}]
    assert stats["overall"]["totals"] == {"total": 3}
    assert stats["overall"]["statuses"][0] == {"status": "complete", "count": 2, "percentage": 66.667}
    assert [goal["goal"] for goal in stats["goals"]] == [1, 10]  # numbers, numeric order
    tiers = stats["extra_fields"]["un_designated_tier"]
    assert [t["un_designated_tier"] for t in tiers] == ["Tier I", "status.not_specified"]
    assert tiers[1]["statuses"][1] == {"status": "notstarted", "count": 1, "percentage": 100.0}
