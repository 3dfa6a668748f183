# Vietnam's date of a dossier's result, kept by the database, for the timeliness rule.

import egov.dossiers.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0001_dossiers_events_attachments_ratings'),
        ('organizations', '0002_validity_reason_search'),
        ('procedures', '0001_catalogue'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='finished_on',
            field=models.GeneratedField(db_persist=True, expression=egov.dossiers.models.VietnamDate('finished_at'), output_field=models.DateField(), verbose_name='result ready on'),
        ),
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(fields=['finished_at'], name='dossier_finished_idx'),
        ),
    ]
