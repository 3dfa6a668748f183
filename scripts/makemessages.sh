#!/usr/bin/env bash
# Refresh the gettext catalogues (vi, en, km) after changing translatable text.
#   scripts/makemessages.sh            the project catalogue and every app's
#   scripts/makemessages.sh project    only src/egov/locale
#   scripts/makemessages.sh <app>      only src/egov/<app>/locale
# The project catalogue (src/egov/locale) holds the shared strings: the base layout and
# error pages (src/egov/templates), the core kernel, the API's errors, settings.py.
# Each app keeps its own strings in src/egov/<app>/locale; the calendar
# (src/egov/core/calendar) has its own too.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
egov="$root/.venv/bin/egov"
langs=(-l vi -l en -l km)
cd "$root/src/egov"

project() {
  local ignores=(--ignore 'core/calendar' --ignore 'core/calendar/*' --ignore 'admin.py' --ignore 'workdays.py'
                 --ignore 'static' --ignore 'locale')
  local dir
  for dir in */; do
    dir="${dir%/}"
    case "$dir" in core|api|templates|static|locale|__pycache__) ;; *) ignores+=(--ignore "$dir");; esac
  done
  echo "project catalogue: src/egov/locale"
  "$egov" makemessages "${langs[@]}" --no-obsolete --add-location file "${ignores[@]}" -v 0
}

app() {
  local dir="$1"
  [ -d "$dir/locale" ] || mkdir -p "$dir/locale"
  echo "app catalogue: src/egov/$dir/locale"
  (cd "$dir" && "$egov" makemessages "${langs[@]}" --no-obsolete --add-location file -v 0)
}

case "${1:-all}" in
  all)
    project
    for dir in */ core/calendar/; do
      dir="${dir%/}"
      case "$dir" in templates|static|locale|__pycache__|core|api) continue;; esac
      [ -d "$dir/locale" ] && app "$dir"
    done
    ;;
  project) project ;;
  *) app "$1" ;;
esac
