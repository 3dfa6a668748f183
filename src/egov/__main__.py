"""The ``egov`` command: Django's ``manage.py`` under the project's own name.

Every Django and project command runs as ``egov <command>`` (``egov migrate``,
``egov load_demo``, ``egov workdays add 2018-02-09 5``).
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["egov", *sys.argv[1:]])


if __name__ == "__main__":
    main()
