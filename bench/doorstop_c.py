"""Run Doorstop with libyaml: its item loader defaults to PyYAML's pure-Python SafeLoader.

`doorstop.common.load_yaml(text, path, loader=yaml.SafeLoader)` binds the
loader when the function is defined, so the default itself is replaced. Every
other part of Doorstop runs as shipped. Arguments are Doorstop's.

    python bench/doorstop_c.py --no-reformat -j TREE
"""

from __future__ import annotations

import sys

import yaml
from doorstop import common
from doorstop.cli.main import main

if __name__ == "__main__":
    if not getattr(yaml, "__with_libyaml__", False):
        sys.exit("doorstop_c.py: PyYAML was built without libyaml")
    common.load_yaml.__defaults__ = (yaml.CSafeLoader,)
    sys.argv[0] = "doorstop"
    sys.exit(main())
