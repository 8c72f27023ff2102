from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView
from two_factor import views as two_factor_views

from articles.dependencies import FEEDS, NAV
from articles.page_cache import cache_for_readers as cached
from articles.sitemaps import SITEMAPS as ARTICLE_SITEMAPS
from articles.sitemaps import NewsSitemap
from authors.sitemaps import AuthorSitemap
from staff_security import password_reset
from staff_security.views import second_factor

# In the order the sitemap index lists them.
SITEMAPS = {**ARTICLE_SITEMAPS, "authors": AuthorSitemap}

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = f"{settings.SITE_NAME} newsroom"
admin.site.index_title = "Desk"

# Password reset for staff, with the admin's templates; the login page offers it once admin_password_reset
# exists. Any address gets the same answer, as quickly; only an active account's gets an e-mail, sent after
# the answer and throttled (staff_security/password_reset.py). Before admin.site.urls, whose catch-all would take
# these addresses.
in_admin = {"extra_context": {"site_header": admin.site.site_header, "site_title": admin.site.site_title}}
password_reset_urls = [
    path("admin/password_reset/", password_reset.PasswordResetView.as_view(**in_admin), name="admin_password_reset"),
    path(
        "admin/password_reset/done/", auth_views.PasswordResetDoneView.as_view(**in_admin), name="password_reset_done"
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(**in_admin),
        name="password_reset_confirm",
    ),
    path("admin/reset/done/", auth_views.PasswordResetCompleteView.as_view(**in_admin), name="password_reset_complete"),
]

# The second factor (README.md, "Second factor"): the code step after the admin's password, and
# django-two-factor-auth's enrolment, recovery codes and removal, in the admin's look. Not its login page:
# the admin's stays the first step, throttled by axes.
two_factor_urls = [
    path("", two_factor_views.ProfileView.as_view(**in_admin), name="profile"),
    path("setup/", two_factor_views.SetupView.as_view(**in_admin), name="setup"),
    path("qrcode/", two_factor_views.QRGeneratorView.as_view(), name="qr"),
    path("setup/complete/", two_factor_views.SetupCompleteView.as_view(**in_admin), name="setup_complete"),
    path("recovery-codes/", two_factor_views.BackupTokensView.as_view(**in_admin), name="backup_tokens"),
    path("disable/", two_factor_views.DisableView.as_view(**in_admin), name="disable"),
]

urlpatterns = [
    *password_reset_urls,
    path("admin/second-factor/", second_factor, name="second_factor"),
    path("admin/two-factor/", include((two_factor_urls, "two_factor"))),
    path("admin/", admin.site.urls),
    path("authors/", include("authors.urls")),
    path("", include("api.urls")),
    path(
        "sitemap.xml",
        cached(sitemap_views.index, shows=[FEEDS, NAV]),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached(sitemap_views.sitemap, reads=["p"], shows=[FEEDS, NAV]),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "news-sitemap.xml",
        cached(sitemap_views.sitemap, reads=["p"], shows=[FEEDS, NAV]),
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
    path(
        "robots.txt",
        cached(TemplateView.as_view(template_name="robots.txt", content_type="text/plain")),
        name="robots",
    ),
    path("", include("articles.urls")),
]

if settings.SERVE_UPLOADS:
    # Local use and tests only; in production the web server or object storage serves uploads.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns.insert(
        0, re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

if settings.BENCHMARK_CEILING:
    from newsroom import bench_views

    urlpatterns.insert(0, path("bench/ceiling/", bench_views.ceiling, name="bench_ceiling"))
