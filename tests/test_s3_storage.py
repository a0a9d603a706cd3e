"""Files on S3-compatible object storage, through the real boto3 client against moto's
server (started here, on a free loopback port): the private store keeps objects private and
hands out no address, the dossier download streams them after the permission check, public
photos get plain addresses."""

import json
import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from ocop.core.storage import private_s3_storage

moto_server = pytest.importorskip("moto.server")

BUCKET = "ocop-test-files"
PRIVATE_BUCKET = "ocop-test-private"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET)
    client.create_bucket(Bucket=PRIVATE_BUCKET)
    # What docs/deployment.md tells a deployment to do: anyone may read media/ (photos of
    # the public catalogue), nothing else of either bucket.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{BUCKET}/media/*"}],
    }))
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    return s3_endpoint


def _private(endpoint):
    return private_s3_storage(
        endpoint_url=endpoint, bucket_name=PRIVATE_BUCKET, location="private",
        addressing_style="path", signature_version="s3v4", region_name="us-east-1",
    )


def test_it_stores_a_private_file_in_the_bucket_with_a_private_acl_and_no_address(s3):
    endpoint, client = s3
    storage = _private(endpoint)
    name = storage.save("evidence/1/abc.pdf", ContentFile(b"%PDF-1.4 noi dung"))
    assert name == "evidence/1/abc.pdf"
    assert storage.url(name) == ""
    # Another node (a new storage object) reads the same bytes back.
    with _private(endpoint).open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.4 noi dung"
    stored = client.get_object(Bucket=PRIVATE_BUCKET, Key=f"private/{name}")
    assert stored["Body"].read() == b"%PDF-1.4 noi dung"
    # Nobody without the keys reads it, even knowing the bucket and the name.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{endpoint}/{PRIVATE_BUCKET}/private/{name}", timeout=10)
    assert refused.value.code == 403
    grants = client.get_object_acl(Bucket=PRIVATE_BUCKET, Key=f"private/{name}")["Grants"]
    assert grants and all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers/AuthenticatedUsers
    # Same name again: a new name, the first file is never overwritten.
    second = storage.save("evidence/1/abc.pdf", ContentFile(b"%PDF-1.4 khac"))
    assert second != name and storage.exists(name) and storage.exists(second)
    storage.delete(second)
    assert not storage.exists(second)


def test_it_lists_and_replaces_kept_documents_in_the_bucket(s3):
    endpoint, _client = s3
    storage = _private(endpoint)
    storage.save("generated/decision/7/aaa.pdf", ContentFile(b"1"))
    storage.save("generated/decision/7/bbb.pdf", ContentFile(b"2"))
    _dirs, files = storage.listdir("generated/decision/7")
    assert sorted(files) == ["aaa.pdf", "bbb.pdf"]


def test_a_public_photo_gets_a_plain_address_that_serves_it(s3):
    from storages.backends.s3 import S3Storage

    endpoint, _client = s3
    host = endpoint.removeprefix("http://")
    storage = S3Storage(
        endpoint_url=endpoint, bucket_name=BUCKET, location="media", addressing_style="path",
        querystring_auth=False, custom_domain=f"{host}/{BUCKET}", url_protocol="http:",
        file_overwrite=False, region_name="us-east-1",
    )
    name = storage.save("products/1/anh.jpg", ContentFile(b"\xff\xd8\xff anh"))
    url = storage.url(name)
    assert url == f"{endpoint}/{BUCKET}/media/products/1/anh.jpg"
    assert "Signature" not in url and "Expires" not in url
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"\xff\xd8\xff anh"


@pytest.mark.django_db
def test_a_dossier_file_on_s3_is_streamed_only_to_the_dossiers_readers(s3, client_for, demo, monkeypatch):
    from ocop.evaluation.models import Dossier, EvidenceDocument

    endpoint, client = s3
    storage = _private(endpoint)
    monkeypatch.setattr(EvidenceDocument._meta.get_field("file"), "storage", storage)
    dossier = Dossier.objects.get(product__name="Cà phê nhân xanh Đăk Kôi")
    document = dossier.documents.get(item_key="lab_results")
    document.file.save("evidence/s3-kiem-nghiem.pdf", ContentFile(b"%PDF-1.4 tu S3"), save=True)
    assert client.get_object(Bucket=PRIVATE_BUCKET, Key=f"private/{document.file.name}")["Body"].read().startswith(b"%PDF")

    url = reverse("evaluation:evidence_file", args=[dossier.pk, document.pk])
    response = client_for("chuthe1").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 tu S3"
    assert client_for("chuthe2").get(url).status_code == 404
    assert client_for("xa.konbraih").get(url).status_code == 404


def test_settings_put_files_on_s3_only_when_a_bucket_is_configured():
    import subprocess
    import sys

    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ocop.settings'); django.setup();"
        "from django.core.files.storage import storages;"
        "from ocop.core.storage import private_storage;"
        "print(type(storages['default']).__name__, type(private_storage).__name__,"
        " getattr(private_storage, 'bucket_name', '-'))"
    )
    local = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env({}), check=True)
    assert local.stdout.split() == ["FileSystemStorage", "PrivateStorage", "-"]
    remote = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env=_env({"OCOP_S3_BUCKET": "ocop-files", "OCOP_S3_PRIVATE_BUCKET": "ocop-private",
                  "OCOP_S3_ENDPOINT_URL": "http://127.0.0.1:1", **CREDENTIALS}),
    )
    assert remote.stdout.split() == ["S3Storage", "PrivateS3Storage", "ocop-private"]


def _env(extra):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OCOP_S3_", "AWS_"))}
    return {**env, **extra}
