"""The environment switches every part to its production form (settings.py)."""

import json
import subprocess
import sys

import pytest

PROBE = """
import json
from egov import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "db_name": s.DATABASES["default"]["NAME"],
    "tasks": s.TASKS["default"]["BACKEND"],
    "storage": s.STORAGES["default"]["BACKEND"],
    "bucket": s.STORAGES["default"].get("OPTIONS", {}).get("bucket_name"),
    "email": s.EMAIL_BACKEND,
    "email_port": getattr(s, "EMAIL_PORT", None),
    "cache": s.CACHES["default"]["BACKEND"],
    "sessions": getattr(s, "SESSION_ENGINE", "django.contrib.sessions.backends.db"),
    "apps": s.INSTALLED_APPS,
    "debug": s.DEBUG,
}))
"""


def settings_with(tmp_path, **environ: str) -> dict:
    env = {"PATH": "/usr/bin:/bin", "EGOV_VAR_DIR": str(tmp_path), **environ}
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_nothing_set_runs_on_sqlite_with_local_parts(tmp_path):
    conf = settings_with(tmp_path)
    assert conf["engine"] == "django.db.backends.sqlite3"
    assert conf["db_name"] == str(tmp_path / "egov.sqlite3")
    assert conf["tasks"] == "django_tasks_db.DatabaseBackend"
    assert conf["storage"] == "django.core.files.storage.FileSystemStorage"
    assert conf["email"] == "django.core.mail.backends.console.EmailBackend"
    assert conf["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert conf["sessions"] == "django.contrib.sessions.backends.db"
    assert conf["debug"] is False


def test_production_form(tmp_path):
    conf = settings_with(
        tmp_path,
        DATABASE_URL="postgres://egov@db.internal:5432/egov",
        EGOV_TASKS_BACKEND="rq",
        REDIS_URL="redis://127.0.0.1:6379/1",
        EGOV_STORAGE="s3",
        EGOV_S3_BUCKET="egov-files",
        EGOV_EMAIL_HOST="smtp.example.vn",
        EGOV_EMAIL_PORT="587",
    )
    assert conf["engine"] == "django.db.backends.postgresql"
    assert conf["db_name"] == "egov"
    assert conf["tasks"] == "django_tasks_rq.RQBackend"
    assert "django_tasks_rq" in conf["apps"]
    assert conf["storage"] == "storages.backends.s3.S3Storage"
    assert conf["bucket"] == "egov-files"
    assert conf["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert conf["email_port"] == 587
    assert conf["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert conf["sessions"] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.parametrize(("name", "value"), [("EGOV_DEBUG", "maybe"),
                                             ("EGOV_EMAIL_PORT", "twenty-five")])
def test_bad_values_stop_the_start(tmp_path, name, value):
    env = {"PATH": "/usr/bin:/bin", "EGOV_VAR_DIR": str(tmp_path), name: value,
           "EGOV_EMAIL_HOST": "smtp.example.vn"}
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode != 0
    assert name in result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "EGOV_VAR_DIR": str(tmp_path), "EGOV_ENV": "production"}
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                            text=True, check=False)
    assert result.returncode != 0
    assert "EGOV_SECRET_KEY" in result.stderr
