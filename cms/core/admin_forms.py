"""Admin forms whose labels Wagtail hard-codes in English."""

from wagtail.admin.forms.auth import LoginForm


class VietnameseLoginForm(LoginForm):
    """Wagtail's login form; its password field has no translatable label, so Django shows "Password"."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = "Mật khẩu"
        self.fields["remember"].label = "Ghi nhớ đăng nhập"
