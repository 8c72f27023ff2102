"""Every minute, the jobs worker sends again the webhook deliveries whose pause has ended, and tells the webhooks
about articles that went live or expired at their set time; editors manage the webhooks."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SCHEDULES = {
    "Webhooks: send again what is due": "api.webhooks.send_due",
    "Webhooks: articles that went live or expired at their time": "api.events.scan_scheduled",
}
CODENAMES = ["add_webhook", "change_webhook", "view_webhook", "view_webhookdelivery"]


def forward(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name, defaults={"func": func, "schedule_type": "I", "minutes": 1, "repeats": -1}
        )
    app_config = apps.get_app_config("api")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="api", codename__in=CODENAMES))


def backward(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0004_webhooks"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forward, backward)]
