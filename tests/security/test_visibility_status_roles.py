"""Who may move an article between statuses: entering or leaving published or archived takes the publish
permission (services.PUBLISH_PERMISSION_STATUSES), whatever readers can see of the article."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied

from articles import services
from articles.models import Status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPORTER_MAY = {(old, new) for old, new in itertools.product(Status.values, repeat=2) if old == new} | {
    (Status.DRAFT, Status.IN_REVIEW),
    (Status.IN_REVIEW, Status.DRAFT),
}


def test_the_statuses_that_take_the_publish_permission_are_published_and_archived():
    # Archived articles are not visible to readers, yet archiving and un-archiving are an editor's call.
    assert {Status.PUBLISHED, Status.ARCHIVED} == services.PUBLISH_PERMISSION_STATUSES


@pytest.mark.parametrize(("old", "new"), list(itertools.product(Status.values, repeat=2)))
def test_a_reporter_moves_articles_only_between_draft_and_review_and_an_editor_anywhere(old, new):
    reporter = UserFactory(username="reporter", role="Reporter")
    editor = UserFactory(username="editor", role="Editor")

    services.check_status_change(editor, old, new)
    if (old, new) in REPORTER_MAY:
        services.check_status_change(reporter, old, new)
    else:
        with pytest.raises(PermissionDenied, match="permission to publish, schedule, unpublish or archive"):
            services.check_status_change(reporter, old, new)
