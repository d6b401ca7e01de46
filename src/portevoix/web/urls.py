from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import set_language

from portevoix.security import views as security_views

from . import charts, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics, name="metrics"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("assets/vega-bundle.js", charts.vega_bundle, name="vega_bundle"),
]

# Authentication keeps Django's standard names ("login", "password_reset_confirm", …), which
# its e-mails and decorators refer to.
auth_patterns = [
    path("accounts/login/", security_views.SecureLoginView.as_view(), name="login"),
    path("accounts/login/code/", security_views.verify, name="login_verify"),
    path("accounts/two-factor/", security_views.two_factor, name="two_factor"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
