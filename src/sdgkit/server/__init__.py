"""``sdgkit serve``: a local preview of the website, built in memory and rebuilt when a file is saved.

:mod:`~sdgkit.server.preview` holds the site (``{path: bytes}``) and rebuilds it, one
indicator at a time when only its files changed; :mod:`~sdgkit.server.changes` decides
what a set of changed files asks for; :mod:`~sdgkit.server.incremental` reads one indicator
again; :mod:`~sdgkit.server.app` serves the site (with live reload and an error banner);
:mod:`~sdgkit.server.watch` runs the watcher and the slow files in background threads.
"""

from sdgkit.server.app import create_app
from sdgkit.server.changes import RebuildPlan, plan_rebuild
from sdgkit.server.preview import Preview, RebuildResult, Site
from sdgkit.server.watch import Background

__all__ = ["Background", "Preview", "RebuildPlan", "RebuildResult", "Site", "create_app", "plan_rebuild"]
