"""The website's settings: Open SDG's ``site_config.yml`` options that make sense without Jekyll.

They live under ``site:`` in ``sdgkit.yml`` (or ``config_data.yml``), or in an Open SDG
``site_config.yml`` / ``_data/site_config.yml`` beside the data. Every text may be a
translation key (``general.site_title``) or plain text. Jekyll plumbing (``remote_theme``,
``plugins``, ``remote_data_prefix``…) is accepted and ignored, so an existing file loads
unchanged. The mapping of every option is documented in ``docs/configuration.md``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

HEX_COLOUR = r"^#(?:[0-9a-fA-F]{3}){1,2}$"
Toggle = Literal["dropdown", "links", "none"]


class Options(BaseModel):
    """Base of every site section: unknown keys kept and reported as ``config-unknown-key``."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class MenuItem(Options):
    """A link of the main or footer menu; ``path`` is relative to the language's home, or a URL."""

    path: str
    translation_key: str
    dropdown: list[MenuItem] = Field(default_factory=list)


class Logo(Options):
    language: str | None = None
    src: str
    alt: str = "general.sdg"


class Disclaimer(Options):
    """The bar above the header (Open SDG shows "ALPHA" by default; sdgkit only when configured)."""

    phase: str | None = None
    message: str | None = None
    hidden: bool = False


class TextBlock(Options):
    title: str | None = None
    description: str | None = None


class Card(Options):
    title: str
    content: str = ""
    button_label: str | None = None
    button_link: str | None = None
    rule_color: str | None = None


class GoalContent(Options):
    goal: int | str
    heading: str | None = None
    content: str | None = None
    content_heading: str | None = None


class CreateGoals(Options):
    goal_content_heading: str | None = None
    previous_next_links: bool = True
    goals: list[GoalContent] = Field(default_factory=list)


class CreateIndicators(Options):
    previous_next_links: bool = True


class StatusType(Options):
    value: str
    label: str
    hide_on_goal_pages: bool = False


def _status_types() -> list[StatusType]:
    return [StatusType(value="complete", label="status.reported_online"),
            StatusType(value="inprogress", label="status.statistics_in_progress"),
            StatusType(value="notstarted", label="status.exploring_data_sources"),
            StatusType(value="notapplicable", label="status.not_applicable")]


class ReportingStatusPage(Options):
    title: str = "status.reporting_status"
    description: str | None = None
    disaggregation_tabs: bool = True
    disaggregation_indicator_count_label: str | None = None
    status_types: list[StatusType] = Field(default_factory=_status_types)


class MetadataTab(Options):
    scope: str
    title: str
    description: str | None = None
    placeholder: str | None = None


def _metadata_tabs() -> list[MetadataTab]:
    return [MetadataTab(scope="national", title="indicator.national_metadata",
                        description="indicator.national_metadata_blurb"),
            MetadataTab(scope="global", title="indicator.global_metadata",
                        description="indicator.global_metadata_blurb"),
            MetadataTab(scope="sources", title="indicator.sources")]


class Attribute(Options):
    field: str
    label: str


def _time_series_attributes() -> list[Attribute]:
    return [Attribute(field="COMMENT_TS", label="indicator.footnote"),
            Attribute(field="DATA_LAST_UPDATE", label="metadata_fields.national_data_update_url")]


class Analytics(Options):
    """Google Analytics ids (only loaded after consent when the cookie form is on) or your own snippet."""

    ua: str | None = None
    ga_prod: str | None = None
    gtag: str | None = None
    gtm: str | None = None
    extra_cookies: list[str] = Field(default_factory=list)
    #: sdgkit: raw HTML placed before ``</body>`` (e.g. Matomo); trusted, written by the site owner
    snippet: str | None = None


class Enabled(Options):
    enabled: bool = False


class Country(Options):
    name: str = ""
    adjective: str = ""


class EmailContacts(Options):
    questions: str | None = None
    suggestions: str | None = None
    functional: str | None = None


class Colours(Options):
    """sdgkit: the theme's colours (contrast against white is checked at build time)."""

    primary: str = Field("#004466", pattern=HEX_COLOUR)
    link: str = Field("#0b5394", pattern=HEX_COLOUR)
    header_background: str = Field("#ffffff", pattern=HEX_COLOUR)


class MetaTag(Options):
    path: str = ""
    name: str
    content: str


class Crumb(Options):
    label: str
    path: str


class Breadcrumbs(Options):
    goal: list[Crumb] = Field(default_factory=list)
    indicator: list[Crumb] = Field(default_factory=list)
    post: list[Crumb] = Field(default_factory=list)


class News(Options):
    category_links: bool = True


class DateFormat(Options):
    type: str = "standard"
    language: str
    format: str


class LanguageNumbers(Options):
    language: str
    language_numbers: str


class ProgressStatus(Options):
    status_heading: str = "status.progress_status"
    status_help: str = "status.progress_help"
    status_types: list[dict[str, Any]] = Field(default_factory=list)


def _menu() -> list[MenuItem]:
    return [MenuItem(path="reporting-status/", translation_key="menu.reporting_status"),
            MenuItem(path="search/", translation_key="search.search")]


class SiteMapLayer(Options):
    """A map layer as the site shows it; ``subfolder`` names the data's ``output_subfolder``."""

    subfolder: str = "regions"
    label: str | None = None


class MapOptions(Options):
    """Map colours (Open SDG ``map_options``; zoom and tile options are accepted and not needed)."""

    colorRange: list[str] | None = None  # noqa: N815 (Open SDG's name)
    noValueColor: str | None = Field(None, pattern=HEX_COLOUR)  # noqa: N815


class SiteOptions(Options):
    """Everything about the website; the defaults build a complete site from a data repository alone."""

    title: str = "general.site_title"
    #: sdgkit: absolute address of the published site, for ``sitemap.xml`` and canonical links
    base_url: str = ""
    country: Country = Field(default_factory=Country)
    menu: list[MenuItem] = Field(default_factory=_menu)
    footer_menu: list[MenuItem] = Field(default_factory=list)
    logos: list[Logo] = Field(default_factory=list)
    disclaimer: Disclaimer = Field(default_factory=Disclaimer)
    frontpage_introduction_banner: TextBlock = Field(default_factory=TextBlock)
    frontpage_goals_grid: TextBlock = Field(default_factory=TextBlock)
    frontpage_cards: list[Card] = Field(default_factory=list)
    create_goals: CreateGoals = Field(default_factory=CreateGoals)
    create_indicators: CreateIndicators = Field(default_factory=CreateIndicators)
    reporting_status: ReportingStatusPage = Field(default_factory=ReportingStatusPage)
    metadata_tabs: list[MetadataTab] = Field(default_factory=_metadata_tabs)
    hide_empty_metadata: bool = False
    empty_metadata_placeholder: str = "indicator.empty_metadata_placeholder"
    observation_attributes: list[Attribute] = Field(default_factory=list)
    time_series_attributes: list[Attribute] = Field(default_factory=_time_series_attributes)
    x_axis_label: str | None = None
    graph_color_headline: str = Field("#004466", pattern=HEX_COLOUR)
    graph_color_headline_high_contrast: str = Field("#55a6e5", pattern=HEX_COLOUR)
    #: chart colours of the explorer: ``accessible`` (default; ``classic`` is read as it), ``sdg``, ``goal``, ``custom``
    graph_color_set: Literal["accessible", "classic", "sdg", "goal", "custom"] = "accessible"
    graph_color_list: list[str] = Field(default_factory=list)
    graph_color_number: int | None = Field(None, ge=1)
    #: how the explorer shows each map layer (Open SDG's site ``map_layers``)
    map_layers: list[SiteMapLayer] = Field(default_factory=list)
    map_options: MapOptions = Field(default_factory=MapOptions)
    analytics: Analytics = Field(default_factory=Analytics)
    cookie_consent_form: Enabled = Field(default_factory=Enabled)
    email_contacts: EmailContacts = Field(default_factory=EmailContacts)
    colours: Colours = Field(default_factory=Colours)
    custom_css: list[str] = Field(default_factory=list)
    custom_js: list[str] = Field(default_factory=list)
    meta_tags: list[MetaTag] = Field(default_factory=list)
    news: News = Field(default_factory=News)
    date_formats: list[DateFormat] = Field(default_factory=list)
    decimal_separator: str | None = None
    languages_numbers: list[LanguageNumbers] = Field(default_factory=list)
    header_language_toggle: Toggle = "dropdown"
    footer_language_toggle: Toggle = "none"
    breadcrumbs: Breadcrumbs = Field(default_factory=Breadcrumbs)
    environment: Literal["staging", "production"] = "production"
    ignored_disaggregations: list[str] = Field(default_factory=list)
    hide_single_series: bool = False
    hide_single_unit: bool = False
    search_index_extra_fields: list[str] = Field(default_factory=list)
    progress_status: ProgressStatus = Field(default_factory=ProgressStatus)
    #: sdgkit: the site's icon (a path under the static folder, e.g. ``assets/favicon.png``)
    favicon: str | None = None
    #: sdgkit: a theme folder (``templates/``, ``static/``, ``translations/``), relative to the repository
    theme: str | None = None
    #: sdgkit: the site's own templates, static files, pages and news posts
    templates_dir: str = "templates"
    static_dir: str = "assets"
    pages_dir: str = "pages"
    posts_dir: str = "posts"
    # Jekyll plumbing, accepted so an Open SDG file loads unchanged; sdgkit does not need them
    remote_data_prefix: str | None = None
    remote_theme: str | None = None
    plugins: list[str] = Field(default_factory=list)
    languages: list[str] | None = None
    create_pages: Any = None
    goal_image_base: str | None = None
    goal_image_extension: str | None = None

    @field_validator("base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    def number_locale(self, language: str) -> str:
        """Locale used for numbers in ``language`` (Open SDG ``languages_numbers``)."""
        return next((item.language_numbers for item in self.languages_numbers if item.language == language),
                    language)
