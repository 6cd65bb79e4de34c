from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from fangfan.core.pagination import keyset_page
from fangfan.regions.picker import visible_region

from . import services
from .forms import NewUserForm, PasswordResetForm, UserForm
from .models import User
from .policy import ScopePolicy, require
from .roles import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续失败5次后账户将被暂时锁定。",
        "inactive": "该账户已停用。",
    }


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码 by the user themselves, through the service, so the change is audited."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        user = self.request.user
        assert isinstance(user, User)
        services.set_password(user, user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)
        messages.success(self.request, "密码已修改。")
        return redirect(self.success_url)


def _managed(request, pk: int) -> User:
    """An account the request user may manage; others in their scope are refused, the rest are 404."""
    user = get_object_or_404(User.objects.visible_to(request.user).select_related("region"), pk=pk)
    if not ScopePolicy.of(request.user).may_manage(user.role, user.region_id):
        raise PermissionDenied("该账户不在您的管理范围内。")
    return user


def user_list(request):
    policy = require(request, "accounts.manage")
    region = visible_region(request.user, request.GET.get("region"))
    role = request.GET.get("role", "")
    qs = User.objects.visible_to(request.user).in_region(region).search(request.GET.get("q", "")[:50])
    if role in Role.values:
        qs = qs.filter(role=role)
    page = keyset_page(qs.select_related("region"), request.GET.get("after"))
    locked = services.locked_usernames([u.username for u in page.items])
    rows = [(u, u.username in locked, policy.may_manage(u.role, u.region_id)) for u in page.items]
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "rows": rows, "region": region, "roles": Role.choices, "role": role},
    )


def user_create(request):
    require(request, "accounts.manage")
    form = NewUserForm(request.POST or None, actor=request.user, initial={"region": request.user.region_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                request.user,
                username=data["username"],
                password=data["password1"],
                role=data["role"],
                region=data["region"],
                full_name=data["full_name"],
                organisation=data["organisation"],
                phone=data["phone"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, f"已创建账户{user.username}。")
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def user_edit(request, pk: int):
    require(request, "accounts.manage")
    user = _managed(request, pk)
    form = UserForm(request.POST or None, actor=request.user, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(request.user, user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, "已保存。")
            return redirect("accounts:user_edit", pk=user.pk)
    locked = user.username in services.locked_usernames([user.username])
    return render(request, "accounts/user_form.html", {"form": form, "account": user, "locked": locked})


def user_password(request, pk: int):
    require(request, "accounts.manage")
    user = _managed(request, pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password(request.user, user, form.cleaned_data["password1"])
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, f"已重置{user}的密码，请将新密码告知本人并提醒其登录后修改。")
            return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_password.html", {"form": form, "account": user})


@require_POST
def user_unlock(request, pk: int):
    require(request, "accounts.manage")
    user = _managed(request, pk)
    services.unlock(request.user, user)
    messages.success(request, f"已解除{user}的登录锁定。")
    return redirect("accounts:user_edit", pk=user.pk)
