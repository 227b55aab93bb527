from django.contrib import admin

from .models import Responsibility, Role


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "municipality", "key", "order", "is_active", "is_staff_role"]
    list_filter = ["municipality", "is_active"]
    inlines = [ResponsibilityInline]
