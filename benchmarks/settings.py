"""Settings of benchmarks/pages.py: the production settings, plus the baseline endpoint's URL conf.

Django reads the URL conf only from settings, so the baseline view (benchmarks/baseline_urls.py) is
reachable only in a server started with DJANGO_SETTINGS_MODULE=benchmarks.settings, never in production.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import STATIC_ROOT as _STATIC_ROOT

ROOT_URLCONF = "benchmarks.baseline_urls"
# collectstatic into a throw-away folder: the production storage needs its manifest to render a page.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or _STATIC_ROOT
