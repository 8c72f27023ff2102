from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class StaffSecurityConfig(AppConfig):
    name = "staff_security"
    verbose_name = "Staff security"

    def ready(self):
        from staff_security.rules import note_what_the_sign_in_owes

        user_logged_in.connect(note_what_the_sign_in_owes, dispatch_uid="staff_security_owed")
