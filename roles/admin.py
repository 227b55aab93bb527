from django.contrib import admin

from .models import Responsibility, Role, StaffAssignment


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "municipality", "key", "order", "is_active", "is_staff_role"]
    list_filter = ["municipality", "is_active"]
    inlines = [ResponsibilityInline]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "school", "school_year"]
    list_filter = ["school__municipality", "school_year"]
    list_select_related = ["user", "role", "school", "school_year"]
