from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        from django_q.signals import post_execute_in_worker

        from jobs.backoff import pause_after_failure

        post_execute_in_worker.connect(pause_after_failure, dispatch_uid="jobs.backoff")
