"""Fill an empty site with a complete demo newsroom, and make the accounts to log in with.

A fresh checkout shows an empty site, and the article page can only be judged against the
reference page when that page exists. This command creates the sections, authors, stand-in
pictures, about fifty articles (the reference article word for word among them) and an
editor and a reporter account, through the same services the admin uses, in one
transaction. Whatever already exists is left alone, so running it again changes nothing.
"""

import os
import secrets
from collections import Counter
from datetime import datetime, timedelta
from html import escape

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, BylineRole, Page, Section, Status
from articles.services import (
    article_save,
    article_schedule,
    article_set_credits,
    article_submit_for_review,
    body_picture,
    correction_add,
    section_ensure,
    tag_for_name,
)
from authors.models import Author
from demo import content
from demo.pictures import draw_picture
from media.models import Agency, Image
from media.services import image_save

PASSWORD_ENV = "DJANGO_SUPERUSER_PASSWORD"  # noqa: S105 (the name of the variable, not a password)
ACCOUNTS = [("editor", "Editor", "Demo", "Editor"), ("reporter", "Reporter", "Demo", "Reporter")]
SITE_URL = "http://127.0.0.1:8000"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
REVISION_COMMENT = "Created by manage.py load_demo."


def story_slug(story):
    return slugify(story["headline"])[:255]


def demo_slugs():
    return [content.REFERENCE_SLUG, *(story_slug(story) for story in content.STORIES)]


def story_paragraphs(index, story, weekday):
    """The body of an invented story, assembled from the templates in demo_content."""
    if story["section"] == "opinion":
        fields = {"what": story["what"], "stake": story["stake"]}
        return [
            content.OPINION_OPENINGS[index % len(content.OPINION_OPENINGS)].format(**fields),
            story["argument"],
            content.OPINION_MIDDLES[(index // 2) % len(content.OPINION_MIDDLES)],
            story["detail"],
            content.OPINION_CLOSINGS[(index + 1) % len(content.OPINION_CLOSINGS)],
        ]
    who = story["who"]
    # "The European Commission" at the start of a sentence, "the European Commission" inside one.
    who_inside = who[0].lower() + who[1:] if who.split()[0] in {"The", "A"} else who
    fields = {"Who": who, "who": who_inside, "weekday": weekday}
    fields.update({name: story[name] for name in ("what", "why", "where")})
    quote, follow_up = content.NEWS_QUOTES[index % len(content.NEWS_QUOTES)]
    name, role, institution = content.ANALYSTS[(index * 5 + 1) % len(content.ANALYSTS)]
    return [
        content.NEWS_LEADS[index % len(content.NEWS_LEADS)].format(**fields),
        f"“{quote},” said {name}, {role} at {institution}. “{follow_up}”",
        content.NEWS_CONTEXTS[(index * 3) % len(content.NEWS_CONTEXTS)].format(**fields),
        story["detail"],
        content.NEWS_OUTLOOKS[(index + 1) % len(content.NEWS_OUTLOOKS)].format(**fields),
    ]


def story_body(paragraphs, story, images):
    if not story.get("body_image"):
        return as_html(paragraphs)
    key, caption = story["body_image"]
    image = images[key]
    figure = (
        f"<figure>{body_picture(image, image.alt_text)}<figcaption>{escape(caption, quote=False)}</figcaption></figure>"
    )
    return as_html(paragraphs[:2]) + figure + as_html(paragraphs[2:])


def as_html(paragraphs):
    return "".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


class Command(BaseCommand):
    help = (
        "Load demo sections, authors, images and articles (including the reference article) and create "
        "'editor' and 'reporter' accounts. Safe to run again: existing content is left as it is. "
        f"Account passwords come from {PASSWORD_ENV}, or are generated and printed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds articles (what `make run` uses).",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if options["if_empty"] and Article.objects.exists():
            self.stdout.write("The database already holds articles: the demo was not loaded (--if-empty).")
            return
        self.created = Counter()
        self.new_files = []
        try:
            with transaction.atomic():
                logins, users = self.load_accounts()
                sections = self.load_sections()
                authors = self.load_authors()
                images = self.load_images(users["editor"])
                self.load_articles(users, sections, authors, images)
                self.load_pages()
        except BaseException:
            # The rows are rolled back; the files written for them would be left behind.
            for name in self.new_files:
                Image.file.field.storage.delete(name)
            raise
        self.report(logins)

    def say(self, message, level=2):
        if self.verbosity >= level:
            self.stdout.write(message)

    # Accounts

    def load_accounts(self):
        env_password = os.environ.get(PASSWORD_ENV, "")
        logins, users = [], {}
        for username, group_name, first_name, last_name in ACCOUNTS:
            try:
                group = Group.objects.get(name=group_name)
            except Group.DoesNotExist:
                raise CommandError(f"The {group_name} group does not exist yet: run manage.py migrate first.") from None
            generated = secrets.token_urlsafe(12)  # one per account: the reporter's must not open the editor's
            user, note = self.load_account(username, group, env_password, generated, first_name, last_name)
            logins.append((username, note))
            users[username] = user
        return logins, users

    def load_account(self, username, group, env_password, generated, first_name, last_name):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, password=env_password or generated, first_name=first_name, last_name=last_name, is_staff=True
            )
            user.groups.add(group)
            self.created["accounts"] += 1
            self.say(f"Created the {username} account ({group.name} group).")
            return user, f"password: the value of {PASSWORD_ENV}" if env_password else f"password: {generated}"

        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            self.say(self.style.WARNING(f"The existing {username} account was not staff; it is now."), level=1)
        if not user.is_superuser and not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
            self.say(self.style.WARNING(f"Added the existing {username} account to the {group.name} group."), level=1)
        if not env_password:
            return user, f"password unchanged; use manage.py changepassword {username}"
        if user.check_password(env_password):
            return user, f"password unchanged (it is already the value of {PASSWORD_ENV})"
        user.set_password(env_password)
        user.save(update_fields=["password"])
        return user, f"password: the value of {PASSWORD_ENV} (changed)"

    # Sections, authors, images

    def load_sections(self):
        sections = {}
        for data in content.SECTIONS:
            section, created = section_ensure(**data)
            if created:
                self.created["sections"] += 1
                self.say(f"Created section {section}.")
            sections[data["slug"]] = section
        return sections

    def load_authors(self):
        authors = {}
        for data in content.AUTHORS:
            author = Author.objects.filter(slug=data["slug"]).first()
            if author is None:
                author = Author(**data)
                author.full_clean()
                author.save()
                self.created["authors"] += 1
                self.say(f"Created author {author}.")
            authors[data["slug"]] = author
        return authors

    def load_images(self, editor):
        images = {}
        agencies = {
            name: Agency.objects.get_or_create(name=name, defaults=fields)[0]
            for name, fields in content.AGENCIES.items()
        }
        total = len(content.IMAGES)
        for number, (key, spec) in enumerate(content.IMAGES.items(), start=1):
            image = Image.objects.filter(title=spec["title"]).order_by("pk").first()
            if image is None:
                image = Image(
                    file=SimpleUploadedFile(f"{slugify(spec['title'])}.jpg", draw_picture(spec), "image/jpeg"),
                    **{name: spec[name] for name in ("title", "alt_text", "caption", "credit", "disclaimer")},
                    usage_rights=spec["usage_rights"],
                    agency=agencies.get(spec.get("agency")),
                )
                image_save(image=image, by=editor)
                self.new_files += [image.file.name, *image.renditions.values_list("file", flat=True)]
                self.created["images"] += 1
                self.say(f"Image {number}/{total}: made “{image}” and its renditions.", level=1)
            images[key] = image
        return images

    # Articles

    def load_articles(self, users, sections, authors, images):
        now = timezone.now()
        this_hour = now.replace(minute=0, second=0, microsecond=0)
        self.load_reference(users["editor"], sections, authors, images)
        published = 0
        for index, story in enumerate(content.STORIES):
            status = story.get("status", "published")
            publish_at = None
            if status == "published":
                # Spread over the last ~eight weeks, newest first, at irregular but fixed times.
                ago = timedelta(hours=3 + 34 * published + (7 * published) % 5, minutes=(17 * published) % 60)
                publish_at = this_hour - ago
                published += 1
            elif status == "scheduled":
                publish_at = this_hour + timedelta(days=7)
            slug = story_slug(story)
            if Article.objects.filter(slug=slug).exists():
                continue
            weekday = WEEKDAYS[timezone.localtime(publish_at or now).weekday()]
            article = Article(
                headline=story["headline"],
                slug=slug,
                standfirst=story["standfirst"],
                body=story_body(story_paragraphs(index, story, weekday), story, images),
                section=sections[story["section"]],
                lead_image=images[story["image"]] if story.get("image") else None,
                is_featured=story.get("featured", False),
            )
            if status == "published":
                article.created_at = publish_at - timedelta(hours=2)
                article.view_count = 25 + (7919 * published) % 3000
            # Drafts are the reporter's, and one of them has been sent to the editors.
            by = users["editor"] if status in {"published", "scheduled"} else users["reporter"]
            with reversion.create_revision():
                reversion.set_comment(REVISION_COMMENT)
                reversion.set_user(by)
                if status == "published":
                    article.status, article.publish_at = Status.PUBLISHED, publish_at
                    article_save(article=article, by=by)
                elif status == "scheduled":
                    article_schedule(article=article, by=by, publish_at=publish_at)
                else:
                    article.status = Status.DRAFT
                    article_save(article=article, by=by)
                    if status == "review":
                        article_submit_for_review(article=article, by=by)
                self.add_credits(article, by, [authors[slug] for slug in story["authors"]], story["tags"])
            if story.get("correction"):
                correction_add(article=article, by=users["editor"], text=story["correction"])
                self.created["corrections"] += 1
            self.created["articles"] += 1
            self.say(f"Created article “{article}” ({status}).")

    def load_reference(self, editor, sections, authors, images):
        if Article.objects.filter(slug=content.REFERENCE_SLUG).exists():
            return
        publish_at = timezone.make_aware(datetime(*content.REFERENCE_PUBLISHED))
        article = Article(
            headline=content.REFERENCE_HEADLINE,
            slug=content.REFERENCE_SLUG,
            standfirst=content.REFERENCE_STANDFIRST,
            body="".join(f"<p>{paragraph}</p>" for paragraph in content.REFERENCE_PARAGRAPHS),
            section=sections[content.REFERENCE_SECTION],
            lead_image=images[content.REFERENCE_IMAGE],
            status=Status.PUBLISHED,
            publish_at=publish_at,
            created_at=publish_at - timedelta(hours=1),
            view_count=content.REFERENCE_VIEW_COUNT,
        )
        with reversion.create_revision():
            reversion.set_user(editor)
            reversion.set_comment(REVISION_COMMENT)
            article_save(article=article, by=editor)
            self.add_credits(article, editor, [authors[content.REFERENCE_AUTHOR]], content.REFERENCE_TAGS)
        self.created["articles"] += 1
        self.say(f"Created the reference article “{article}”.")

    def add_credits(self, article, by, authors, tags):
        """The byline (the authors as reporters, in order) and the tags."""
        bylines = [(author, BylineRole.REPORTER) for author in authors]
        tags = [tag_for_name(name) for name in tags]
        article_set_credits(article=article, by=by, bylines=bylines, tags=tags)

    def load_pages(self):
        for data in content.PAGES:
            if not Page.objects.filter(slug=data["slug"]).exists():
                page = Page(**data, is_published=True)
                page.full_clean()
                page.save()
                self.created["pages"] += 1
                self.say(f"Created page {page}.")

    # Report

    def report(self, logins):
        generated = any(note.startswith("password: ") and PASSWORD_ENV not in note for _, note in logins)
        if self.verbosity >= 1:
            if self.created:
                made = ", ".join(
                    f"{count} {name if count != 1 else name.removesuffix('s')}" for name, count in self.created.items()
                )
                self.stdout.write(f"Created {made}.")
            else:
                self.stdout.write("Nothing new to create: the demo content was already loaded.")
        if self.verbosity >= 1 or generated:
            # A generated password is shown even with -v 0: it cannot be recovered later.
            self.stdout.write(f"Log in at {SITE_URL}{reverse('admin:index')} (after manage.py runserver):")
            for username, note in logins:
                self.stdout.write(f"  username: {username:<9} {note}")
        if self.verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(self.summary()))

    def summary(self):
        demo = Article.objects.filter(slug__in=demo_slugs())
        statuses = Counter(demo.values_list("status", flat=True))
        scheduled = demo.scheduled().count()
        return (
            f"Demo content ready: {demo.count()} articles ({demo.published().count()} published, "
            f"{scheduled} scheduled, {statuses[Status.IN_REVIEW]} in review, {statuses[Status.DRAFT]} drafts), "
            f"{Image.objects.filter(title__in=[spec['title'] for spec in content.IMAGES.values()]).count()} images, "
            f"{Author.objects.filter(slug__in=[data['slug'] for data in content.AUTHORS]).count()} authors, "
            f"{Section.objects.filter(slug__in=[data['slug'] for data in content.SECTIONS]).count()} sections."
        )
