"""The POST bodies the admin's change forms send."""


def change_form_data(article, **overrides):
    """The POST body the admin change form sends for `article`, with `overrides` applied."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section_id,
        "tags": [],
        "base_version": article.version,
        "lead_image": article.lead_image_id or "",
        "lead_image_caption": article.lead_image_caption,
        "status": article.status,
        "publish_at_0": "",
        "publish_at_1": "",
        "significantly_updated_at_0": "",
        "significantly_updated_at_1": "",
        "seo_title": "",
        "seo_description": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data
