from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("standards", "0004_scorecard_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="classificationrun",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="tín hiệu cuối"),
        ),
    ]
