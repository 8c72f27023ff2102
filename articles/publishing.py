"""What an article needs before readers may see it: pictures whose licence lets them go out.

The admin's form and `services.article_save` (every write path) both ask `check_publishable`."""

from django.core.exceptions import ValidationError

from media.rights import BODY_PICTURE, publish_problem


def check_publishable(article, *, already_out=None) -> None:
    """Refuse to publish `article` with a picture that lacks a required credit or whose rights have expired.

    `already_out` is the article as readers have it, when it stays out with the same lead image and time:
    then only pictures new to its body are checked, so that fixing a typo is never refused."""
    pictures = article.body_images()
    if already_out is None:
        lead_image, body_pictures = article.lead_image, pictures.values()
    else:
        shown = set(already_out.body_image_ids())
        lead_image, body_pictures = None, [image for pk, image in pictures.items() if pk not in shown]
    problems = {}
    lead = publish_problem(lead_image, article.publish_at)
    if lead:
        problems["lead_image"] = [lead]
    body = [problem for image in body_pictures if (problem := publish_problem(image, article.publish_at, BODY_PICTURE))]
    if body:
        problems["body"] = body
    if problems:
        raise ValidationError(problems)
