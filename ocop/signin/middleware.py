"""Keep a signed-in user who still owes the second factor on the two-factor pages.

After the password, a user whose role requires two-factor authentication (or who turned it
on) is logged in but not verified: every page but the two-factor ones, logging out and
static files sends them to enter a code (or, with no authenticator yet, to set one up).
Which sessions need it is decided once at login (policy.OTP_NEEDED_SESSION_KEY), so a
verified session costs no query here.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from ocop.signin.policy import OTP_NEEDED_SESSION_KEY, otp_needed

ALLOWED_URL_NAMES = {"signin:verify", "signin:setup", "accounts:logout"}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or DEVICE_ID_SESSION_KEY in request.session:
            return None
        needed = request.session.get(OTP_NEEDED_SESSION_KEY)
        if needed is None:
            # A session from before two-factor existed: decide once, then remember.
            needed = request.session[OTP_NEEDED_SESSION_KEY] = otp_needed(user)
        if not needed:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_URL_NAMES:
            return None
        if request.path.startswith((settings.STATIC_URL, "/healthz")):
            return None
        from django_otp.plugins.otp_totp.models import TOTPDevice

        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = reverse("signin:verify" if has_device else "signin:setup")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        response = HttpResponseRedirect(target)
        if getattr(request, "htmx", False):
            response["HX-Redirect"] = target
        return response
