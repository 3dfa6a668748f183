from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0008_search_vector_column"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingdocument",
            name="prepared_pdf",
            field=models.FileField(blank=True, max_length=300, verbose_name="prepared PDF"),
        ),
        migrations.AddField(
            model_name="outgoingdocument",
            name="prepared_docx",
            field=models.FileField(blank=True, max_length=300, verbose_name="prepared DOCX"),
        ),
    ]
