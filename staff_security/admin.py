"""The security log in the admin: read-only, and for superusers only.

Sign-ins (axes' access log), failures and lockouts (axes' failure log and current attempts), second-factor
enrolment and removal, and group and permission changes (django-auditlog), each with who, when and the address.
"""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin


class ReadOnlyForSuperusers:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignIns(ReadOnlyForSuperusers, AccessLogAdmin):
    pass


class Failures(ReadOnlyForSuperusers, AccessFailureLogAdmin):
    pass


class CurrentAttempts(ReadOnlyForSuperusers, AccessAttemptAdmin):
    actions = None


class Changes(ReadOnlyForSuperusers, LogEntryAdmin):
    list_display = ["created", "user_url", "remote_addr", "resource_url", "action", "msg_short"]


for model, model_admin in [
    (AccessLog, SignIns),
    (AccessFailureLog, Failures),
    (AccessAttempt, CurrentAttempts),
    (LogEntry, Changes),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
