# Wiring checks that need no AWS account: `terraform init -backend=false && terraform test`.
# Providers are mocked, so this proves names, maps and rules line up, not that AWS accepts them.

mock_provider "random" {}

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"] }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{}" }
  }
  mock_resource "aws_secretsmanager_secret_version" {
    defaults = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gatehouse-test/mock-AbCdEf" }
  }
  mock_resource "aws_lb" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/gatehouse-test/0123456789abcdef" }
  }
  mock_resource "aws_lb_listener" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/gatehouse-test/0123456789abcdef/0123456789abcdef" }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/gatehouse-test/0123456789abcdef" }
  }
  mock_resource "aws_service_discovery_http_namespace" {
    defaults = { arn = "arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-0123456789abcdef" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/gatehouse-test-mock" }
  }
  mock_resource "aws_db_instance" {
    defaults = { port = 5432, address = "db.internal" }
  }
  mock_resource "aws_elasticache_replication_group" {
    defaults = { port = 6379, primary_endpoint_address = "redis.internal" }
  }
}

variables {
  aws_account_id  = "123456789012"
  aws_region      = "eu-west-1"
  environment     = "test"
  web_domain_name = "app.example.com"
  api_domain_name = "auth.example.com"
  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
  image_tag       = "0123456789abcdef0123456789abcdef01234567"
  mail_from       = "Gatehouse <no-reply@example.com>"
}

run "wires_images_and_config" {
  command = apply

  assert {
    condition = output.ecr_repository_urls == {
      "auth-api" = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gatehouse-auth-api"
      "web"      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gatehouse-web"
      "ml-cli"   = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gatehouse-ml-cli"
    }
    error_message = "ECR repositories must be named exactly gatehouse-auth-api, gatehouse-web, gatehouse-ml-cli."
  }

  assert {
    condition     = local.web_environment.AUTH_API_URL == "http://auth-api:8000"
    error_message = "web must reach auth-api through Service Connect on port 8000."
  }

  assert {
    condition     = local.web_environment.TRUST_PROXY == "10.20.0.0/20,10.20.16.0/20"
    error_message = "web must trust exactly the ALB's (public) subnets to name the browser."
  }

  assert {
    condition     = local.auth_api_environment.TRUST_PROXY == "loopback,10.20.0.0/20,10.20.16.0/20,10.20.128.0/20,10.20.144.0/20"
    error_message = "auth-api must trust exactly the ALB's and web's subnets (and its Service Connect proxy)."
  }

  assert {
    condition     = local.auth_api_secrets.JWT_SECRET != null && local.auth_api_secrets.JWT_PRIVATE_KEY == null
    error_message = "HS256 injects JWT_SECRET and no private key."
  }

  assert {
    condition     = local.task_secret_arns == tolist(["arn:aws:secretsmanager:eu-west-1:123456789012:secret:gatehouse-test/mock-AbCdEf"])
    error_message = "The execution role must be scoped to secret ARNs without the JSON-key suffix."
  }

  assert {
    condition     = output.task_definition_families["auth-api-migrate"] == "gatehouse-test-auth-api-migrate"
    error_message = "The migration task definition family is missing."
  }

  assert {
    condition     = strcontains(output.migrate_command, "--task-definition gatehouse-test-auth-api-migrate")
    error_message = "migrate_command must run the migration family."
  }
}

run "without_smtp_mail_goes_to_the_scratch_volume" {
  command = apply

  assert {
    condition     = local.auth_api_environment.MAIL_OUTBOX_DIR == "/tmp/mail-outbox" && local.auth_api_secrets.SMTP_URL == null
    error_message = "Without SMTP the outbox must be on the writable /tmp volume (the root filesystem is read-only)."
  }
}

run "asymmetric_jwt_uses_the_given_key" {
  command = apply

  variables {
    jwt_algorithm              = "ES256"
    jwt_private_key_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gatehouse/jwt-key-AbCdEf"
  }

  assert {
    condition     = local.auth_api_secrets.JWT_SECRET == null && local.auth_api_secrets.JWT_PRIVATE_KEY == var.jwt_private_key_secret_arn
    error_message = "ES256 injects JWT_PRIVATE_KEY from the given secret and no JWT_SECRET."
  }
}

run "rejects_a_short_image_tag" {
  command = plan

  variables {
    image_tag = "latest"
  }

  expect_failures = [var.image_tag]
}

run "rejects_asymmetric_jwt_without_a_key" {
  command = plan

  variables {
    jwt_algorithm = "RS256"
  }

  expect_failures = [var.jwt_private_key_secret_arn]
}
