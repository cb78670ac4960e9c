# Checks that need no AWS account: `terraform init -backend=false && terraform test`.

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-west-1a", "eu-west-1b"] }
  }
  mock_data "aws_ssm_parameter" {
    defaults = { insecure_value = "ami-0123456789abcdef0" }
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
  mock_resource "aws_eip" {
    defaults = { public_ip = "203.0.113.10" }
  }
}

variables {
  aws_region     = "eu-west-1"
  repository_url = "https://github.com/example/gatehouse.git"
}

run "plain_http_on_the_ip" {
  command = apply

  assert {
    condition     = output.web_url == "http://203.0.113.10" && output.api_url == "http://203.0.113.10/api"
    error_message = "Without a domain the stack is served over HTTP on the Elastic IP."
  }

  assert {
    condition     = output.ssh_command == null && length(aws_vpc_security_group_ingress_rule.ssh) == 0
    error_message = "SSH stays closed unless a key and a CIDR are given."
  }

  assert {
    condition     = strcontains(aws_instance.this.user_data, "\nTRUST_PROXY=10.213.0.10\n") && strcontains(aws_instance.this.user_data, "ipv4_address: 10.213.0.10")
    error_message = "web must trust exactly Caddy, at its fixed address on the compose network."
  }
}

run "https_with_a_domain" {
  command = apply

  variables {
    domain_name = "gatehouse.example.com"
    acme_email  = "ops@example.com"
  }

  assert {
    condition     = output.web_url == "https://gatehouse.example.com"
    error_message = "With a domain the stack is served over HTTPS on it."
  }
}

run "rejects_ssh_open_to_the_world" {
  command = plan

  variables {
    ssh_key_name = "ops"
    ssh_cidr     = "0.0.0.0/0"
  }

  expect_failures = [var.ssh_cidr]
}
