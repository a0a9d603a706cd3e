"""Business plans taken over from the ideas app: the models enter this app's state on the
tables they already have (ideas_*), without touching the database; 0002 renames the tables.
"""

import django.core.validators
import django.db.models.deletion
import ocop.business_plans.models
import ocop.core.storage
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
                    name='BusinessPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm tạo')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='thời điểm cập nhật')),
                        ('search_text', models.TextField(default='', editable=False)),
                        ('title', models.CharField(max_length=255, verbose_name='tên phương án')),
                        ('market', models.TextField(verbose_name='thị trường mục tiêu')),
                        ('production_organisation', models.TextField(blank=True, verbose_name='tổ chức sản xuất')),
                        ('raw_materials', models.TextField(blank=True, verbose_name='nguyên liệu đầu vào')),
                        ('support_needed', models.TextField(blank=True, verbose_name='nhu cầu hỗ trợ')),
                        ('status', models.CharField(choices=[('nhap', 'Nháp'), ('da_gui_xa', 'Đã gửi UBND xã'), ('can_bo_sung', 'Cần bổ sung, hoàn thiện'), ('xa_de_nghi', 'Xã đã xem xét, đề nghị tỉnh phê duyệt'), ('da_phe_duyet', 'Đã phê duyệt'), ('khong_phe_duyet', 'Không phê duyệt')], default='nhap', max_length=30, verbose_name='trạng thái')),
                        ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='thời điểm phê duyệt')),
                        ('is_sample', models.BooleanField(default=False, verbose_name='dữ liệu mẫu')),
                        ('commune', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='business_plans', to='territory.administrativeunit', verbose_name='xã, phường')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('idea', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='business_plans', to='ideas.idea', verbose_name='ý tưởng')),
                        ('producer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='business_plans', to='producers.producer', verbose_name='chủ thể')),
                        ('product', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='business_plans', to='products.product', verbose_name='sản phẩm')),
                    ],
                    options={
                        'verbose_name': 'phương án sản xuất kinh doanh',
                        'verbose_name_plural': 'phương án sản xuất kinh doanh',
                        'db_table': 'ideas_businessplan',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='BusinessPlanAttachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('original_name', models.CharField(max_length=255, verbose_name='tên tệp')),
                        ('kind', models.CharField(max_length=10, verbose_name='loại tệp')),
                        ('size', models.PositiveBigIntegerField(verbose_name='dung lượng (byte)')),
                        ('caption', models.CharField(blank=True, max_length=255, verbose_name='mô tả')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm tải lên')),
                        ('file', models.FileField(max_length=255, storage=ocop.core.storage.get_private_storage, upload_to=ocop.business_plans.models.plan_attachment_path, verbose_name='tệp')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='business_plans.businessplan')),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'tệp đính kèm phương án',
                        'verbose_name_plural': 'tệp đính kèm phương án',
                        'db_table': 'ideas_businessplanattachment',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='BusinessPlanEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(max_length=30, verbose_name='thao tác')),
                        ('from_status', models.CharField(blank=True, choices=[('nhap', 'Nháp'), ('da_gui_xa', 'Đã gửi UBND xã'), ('can_bo_sung', 'Cần bổ sung, hoàn thiện'), ('xa_de_nghi', 'Xã đã xem xét, đề nghị tỉnh phê duyệt'), ('da_phe_duyet', 'Đã phê duyệt'), ('khong_phe_duyet', 'Không phê duyệt')], max_length=30, verbose_name='từ trạng thái')),
                        ('to_status', models.CharField(choices=[('nhap', 'Nháp'), ('da_gui_xa', 'Đã gửi UBND xã'), ('can_bo_sung', 'Cần bổ sung, hoàn thiện'), ('xa_de_nghi', 'Xã đã xem xét, đề nghị tỉnh phê duyệt'), ('da_phe_duyet', 'Đã phê duyệt'), ('khong_phe_duyet', 'Không phê duyệt')], max_length=30, verbose_name='sang trạng thái')),
                        ('comment', models.TextField(blank=True, verbose_name='ý kiến')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='thời điểm')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='business_plans.businessplan')),
                    ],
                    options={
                        'verbose_name': 'diễn biến phương án',
                        'verbose_name_plural': 'diễn biến phương án',
                        'db_table': 'ideas_businessplanevent',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='BusinessPlanInvestment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('item', models.CharField(max_length=255, verbose_name='hạng mục đầu tư')),
                        ('amount', models.PositiveBigIntegerField(verbose_name='kinh phí (đồng)')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='thứ tự')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='investments', to='business_plans.businessplan')),
                    ],
                    options={
                        'verbose_name': 'hạng mục đầu tư',
                        'verbose_name_plural': 'hạng mục đầu tư',
                        'db_table': 'ideas_businessplaninvestment',
                        'ordering': ['position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='BusinessPlanYear',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2018), django.core.validators.MaxValueValidator(2100)], verbose_name='năm')),
                        ('revenue', models.PositiveBigIntegerField(verbose_name='doanh thu dự kiến (đồng)')),
                        ('cost', models.PositiveBigIntegerField(verbose_name='chi phí dự kiến (đồng)')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='years', to='business_plans.businessplan')),
                    ],
                    options={
                        'verbose_name': 'doanh thu, chi phí theo năm',
                        'verbose_name_plural': 'doanh thu, chi phí theo năm',
                        'db_table': 'ideas_businessplanyear',
                        'ordering': ['year'],
                        'constraints': [models.UniqueConstraint(fields=('plan', 'year'), name='unique_plan_year')],
                    },
                ),
            ],
            # The tables stay where they are; a later migration renames them.
            database_operations=[],
        ),
    ]
