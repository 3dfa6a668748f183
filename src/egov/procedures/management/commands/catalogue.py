from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from egov.procedures import services, xlsx
from egov.procedures.models import Procedure


class Command(BaseCommand):
    help = "Import or export the catalogue of administrative procedures (JSON or XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Load a .json or .xlsx file, all or nothing.")
        load.add_argument("file", type=Path)
        dump = sub.add_parser("export", help="Write the whole catalogue.")
        dump.add_argument("--out", type=Path, required=True, help="a .json or .xlsx file")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            self._import(options["file"])
        else:
            self._export(options["out"])

    def _import(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"No such file: {path}", returncode=2)
        try:
            if path.suffix.lower() == ".xlsx":
                records = xlsx.read_workbook(path.read_bytes())
            elif path.suffix.lower() == ".json":
                records = json.loads(path.read_text(encoding="utf-8"))
            else:
                raise CommandError("The file must be .json or .xlsx.", returncode=2)
            counts = services.catalogue_import(actor=None, records=records)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: not valid JSON ({exc})", returncode=2) from exc
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(f"{path}: nothing was imported.", returncode=2) from exc
        self.stdout.write(
            f"{counts['procedures']} procedures, {counts['versions']} versions imported, "
            f"{counts['unchanged']} versions unchanged."
        )

    def _export(self, path: Path) -> None:
        procedures = Procedure.objects.select_related("agency", "field").order_by("code")
        records = [services.procedure_record(p) for p in procedures]
        if path.suffix.lower() == ".xlsx":
            data = xlsx.export_workbook(records)
        elif path.suffix.lower() == ".json":
            data = json.dumps(records, ensure_ascii=False, indent=1).encode()
        else:
            raise CommandError("The output must be .json or .xlsx.", returncode=2)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        self.stdout.write(f"{len(records)} procedures written to {path}")
