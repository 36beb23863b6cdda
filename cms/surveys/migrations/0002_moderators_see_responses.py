"""MoHA moderators may view survey responses and mark them (flagged, spam), as they do opinions.

On a fresh database the group is still Wagtail's "Moderators" here: cms.editorial renames it after
migrate, keeping its permissions. Permissions are created now, since post_migrate has not run yet.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAMES = ("Kiểm duyệt viên Bộ Nội vụ", "Moderators")
CODENAMES = ("view_surveyresponse", "change_surveyresponse")


def grant(apps, schema_editor):
    config = apps.get_app_config("surveys")
    config.models_module = True  # a stub app config has none; create_permissions skips those
    create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = (
        Group.objects.filter(name=GROUP_NAMES[0]).first() or Group.objects.filter(name=GROUP_NAMES[1]).first()
    )
    if group is None:
        return
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="surveys", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_NAMES):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="surveys", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
