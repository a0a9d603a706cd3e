"""Surveys, focus products, support and budgets taken over from the ideas app: the models
enter this app's state on the tables they already have (ideas_*), without touching the
database; 0002 renames the tables.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ideas', '0003_move_plans_and_support_out'),
        ('producers', '0003_producer_location_index'),
        ('products', '0003_sort_key_and_trigram_search'),
        ('territory', '0003_unit_search_trigram'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='FocusSelection',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm tạo')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='thời điểm cập nhật')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2018), django.core.validators.MaxValueValidator(2100)], verbose_name='năm')),
                        ('basis', models.CharField(blank=True, help_text='Kế hoạch, quyết định làm căn cứ lựa chọn.', max_length=500, verbose_name='căn cứ')),
                        ('min_items', models.PositiveSmallIntegerField(verbose_name='số lượng tối thiểu')),
                        ('max_items', models.PositiveSmallIntegerField(verbose_name='số lượng tối đa')),
                        ('rule_source', models.CharField(max_length=500, verbose_name='nguồn quy định số lượng')),
                        ('status', models.CharField(choices=[('du_thao', 'Dự thảo'), ('da_phe_duyet', 'Đã phê duyệt')], default='du_thao', max_length=20, verbose_name='trạng thái')),
                        ('approved_on', models.DateField(blank=True, null=True, verbose_name='ngày phê duyệt')),
                        ('notes', models.TextField(blank=True, verbose_name='ghi chú')),
                        ('is_sample', models.BooleanField(default=False, verbose_name='dữ liệu mẫu')),
                        ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('issuing_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='focus_selections', to='territory.administrativeunit', verbose_name='cấp lựa chọn (địa bàn)')),
                    ],
                    options={
                        'verbose_name': 'lựa chọn sản phẩm trọng tâm',
                        'verbose_name_plural': 'lựa chọn sản phẩm trọng tâm',
                        'db_table': 'ideas_focusselection',
                        'ordering': ['-year', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='FocusItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.TextField(verbose_name='lý do lựa chọn')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('idea', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='focus_items', to='ideas.idea', verbose_name='ý tưởng')),
                        ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='focus_items', to='products.product', verbose_name='sản phẩm')),
                        ('selection', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='support.focusselection')),
                    ],
                    options={
                        'verbose_name': 'sản phẩm trọng tâm',
                        'verbose_name_plural': 'sản phẩm trọng tâm',
                        'db_table': 'ideas_focusitem',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='ProductSurvey',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm tạo')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='thời điểm cập nhật')),
                        ('surveyed_on', models.DateField(verbose_name='ngày khảo sát')),
                        ('surveyor', models.CharField(max_length=255, verbose_name='người, đơn vị khảo sát')),
                        ('current_state', models.TextField(blank=True, verbose_name='hiện trạng sản xuất, kinh doanh')),
                        ('strengths', models.TextField(verbose_name='ưu thế vượt trội')),
                        ('competitiveness', models.TextField(blank=True, verbose_name='khả năng cạnh tranh')),
                        ('development_direction', models.TextField(blank=True, verbose_name='hướng phát triển')),
                        ('proposed_support', models.TextField(blank=True, verbose_name='đề xuất giải pháp hỗ trợ')),
                        ('is_sample', models.BooleanField(default=False, verbose_name='dữ liệu mẫu')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('product', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='surveys', to='products.product', verbose_name='sản phẩm')),
                    ],
                    options={
                        'verbose_name': 'phiếu khảo sát sản phẩm',
                        'verbose_name_plural': 'phiếu khảo sát sản phẩm',
                        'db_table': 'ideas_productsurvey',
                        'ordering': ['-surveyed_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='SupportActivity',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm tạo')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='thời điểm cập nhật')),
                        ('support_type', models.CharField(choices=[('dao_tao', 'Đào tạo, tập huấn'), ('bao_bi_nhan', 'Thiết kế bao bì, nhãn mác'), ('tieu_chuan', 'Tiêu chuẩn, chứng nhận chất lượng'), ('so_huu_tri_tue', 'Đăng ký sở hữu trí tuệ'), ('thiet_bi', 'Máy móc, trang thiết bị'), ('xuc_tien', 'Xúc tiến thương mại'), ('tu_van', 'Tư vấn'), ('khac', 'Khác')], max_length=20, verbose_name='loại hỗ trợ')),
                        ('content', models.TextField(verbose_name='nội dung hỗ trợ')),
                        ('provided_on', models.DateField(verbose_name='ngày hỗ trợ (dự kiến)')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2018), django.core.validators.MaxValueValidator(2100)], verbose_name='năm ngân sách')),
                        ('provider', models.CharField(blank=True, max_length=255, verbose_name='đơn vị thực hiện')),
                        ('status', models.CharField(choices=[('ke_hoach', 'Kế hoạch'), ('dang_thuc_hien', 'Đang thực hiện'), ('hoan_thanh', 'Hoàn thành'), ('da_huy', 'Đã hủy')], default='ke_hoach', max_length=20, verbose_name='tình trạng')),
                        ('notes', models.TextField(blank=True, verbose_name='ghi chú')),
                        ('is_sample', models.BooleanField(default=False, verbose_name='dữ liệu mẫu')),
                        ('budget_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='support_activities', to='territory.administrativeunit', verbose_name='cấp bố trí kinh phí')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('idea', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='support_activities', to='ideas.idea', verbose_name='ý tưởng')),
                        ('producer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='support_activities', to='producers.producer', verbose_name='chủ thể được hỗ trợ')),
                        ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='support_activities', to='products.product', verbose_name='sản phẩm')),
                    ],
                    options={
                        'verbose_name': 'hoạt động hỗ trợ',
                        'verbose_name_plural': 'hoạt động hỗ trợ',
                        'db_table': 'ideas_supportactivity',
                        'ordering': ['-provided_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='SupportFunding',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(choices=[('ntm', 'Chương trình MTQG xây dựng nông thôn mới'), ('ngan_sach_tinh', 'Ngân sách tỉnh'), ('ngan_sach_huyen', 'Ngân sách huyện (trước 1/7/2025)'), ('ngan_sach_xa', 'Ngân sách xã'), ('doi_ung', 'Vốn đối ứng của chủ thể'), ('khac', 'Nguồn khác')], max_length=20, verbose_name='nguồn kinh phí')),
                        ('amount', models.PositiveBigIntegerField(validators=[django.core.validators.MinValueValidator(1)], verbose_name='số tiền (đồng)')),
                        ('activity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='fundings', to='support.supportactivity')),
                    ],
                    options={
                        'verbose_name': 'kinh phí theo nguồn',
                        'verbose_name_plural': 'kinh phí theo nguồn',
                        'db_table': 'ideas_supportfunding',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='BudgetAllocation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm tạo')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='thời điểm cập nhật')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2018), django.core.validators.MaxValueValidator(2100)], verbose_name='năm')),
                        ('source', models.CharField(choices=[('ntm', 'Chương trình MTQG xây dựng nông thôn mới'), ('ngan_sach_tinh', 'Ngân sách tỉnh'), ('ngan_sach_huyen', 'Ngân sách huyện (trước 1/7/2025)'), ('ngan_sach_xa', 'Ngân sách xã'), ('doi_ung', 'Vốn đối ứng của chủ thể'), ('khac', 'Nguồn khác')], max_length=20, verbose_name='nguồn kinh phí')),
                        ('amount', models.PositiveBigIntegerField(verbose_name='dự toán (đồng)')),
                        ('reference', models.CharField(blank=True, help_text='Số, ngày quyết định giao dự toán.', max_length=255, verbose_name='căn cứ giao dự toán')),
                        ('is_sample', models.BooleanField(default=False, verbose_name='dữ liệu mẫu')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='budget_allocations', to='territory.administrativeunit', verbose_name='cấp bố trí kinh phí')),
                    ],
                    options={
                        'verbose_name': 'dự toán kinh phí hỗ trợ',
                        'verbose_name_plural': 'dự toán kinh phí hỗ trợ',
                        'db_table': 'ideas_budgetallocation',
                        'ordering': ['-year', 'unit_id', 'source'],
                        'constraints': [models.UniqueConstraint(fields=('unit', 'year', 'source'), name='unique_allocation')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='focusselection',
                    constraint=models.UniqueConstraint(fields=('issuing_unit', 'year'), name='one_focus_selection_per_unit_year'),
                ),
                migrations.AddConstraint(
                    model_name='focusitem',
                    constraint=models.CheckConstraint(condition=models.Q(('idea__isnull', False), ('product__isnull', False), _connector='OR'), name='focus_item_has_target'),
                ),
                migrations.AddConstraint(
                    model_name='focusitem',
                    constraint=models.UniqueConstraint(condition=models.Q(('idea__isnull', False)), fields=('selection', 'idea'), name='unique_focus_idea'),
                ),
                migrations.AddConstraint(
                    model_name='focusitem',
                    constraint=models.UniqueConstraint(condition=models.Q(('product__isnull', False)), fields=('selection', 'product'), name='unique_focus_product'),
                ),
                migrations.AddIndex(
                    model_name='supportactivity',
                    index=models.Index(fields=['budget_unit', 'year'], name='ideas_suppo_budget__0f2f7c_idx'),
                ),
                migrations.AddConstraint(
                    model_name='supportfunding',
                    constraint=models.UniqueConstraint(fields=('activity', 'source'), name='unique_source_per_support'),
                ),
            ],
            # The tables stay where they are; a later migration renames them.
            database_operations=[],
        ),
    ]
