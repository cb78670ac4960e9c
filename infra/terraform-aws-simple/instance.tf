# --- Instance role: Session Manager, plus the repository token when there is one.

data "aws_iam_policy_document" "ec2_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "instance" {
  name               = "${local.name}-instance"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_iam_role_policy_attachment" "ssm" {
  role       = aws_iam_role.instance.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

data "aws_iam_policy_document" "repository_token" {
  count = var.repository_token_parameter == null ? 0 : 1

  statement {
    actions   = ["ssm:GetParameter"]
    resources = ["arn:${data.aws_partition.current.partition}:ssm:${var.aws_region}:${data.aws_caller_identity.current.account_id}:parameter${var.repository_token_parameter}"]
  }
}

resource "aws_iam_role_policy" "repository_token" {
  count = var.repository_token_parameter == null ? 0 : 1

  name   = "read-repository-token"
  role   = aws_iam_role.instance.id
  policy = data.aws_iam_policy_document.repository_token[0].json
}

resource "aws_iam_instance_profile" "instance" {
  name = "${local.name}-instance"
  role = aws_iam_role.instance.name
}

resource "aws_instance" "this" {
  ami                    = data.aws_ssm_parameter.ubuntu.insecure_value
  instance_type          = var.instance_type
  subnet_id              = aws_subnet.public.id
  vpc_security_group_ids = [aws_security_group.instance.id]
  iam_instance_profile   = aws_iam_instance_profile.instance.name
  key_name               = var.ssh_key_name

  # No secrets in here: user data is readable by anyone who can describe the instance.
  # The app secrets are generated on the instance itself.
  user_data = templatefile("${path.module}/templates/user-data.sh.tftpl", {
    aws_region                 = var.aws_region
    repository_url             = var.repository_url
    git_ref                    = var.git_ref
    repository_token_parameter = var.repository_token_parameter == null ? "" : var.repository_token_parameter
    site_address               = local.site_address
    acme_email                 = var.acme_email == null ? "" : var.acme_email
    base_url                   = local.base_url
  })

  # IMDSv2 only, one hop: containers on the Docker bridge cannot borrow the instance role.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type           = "gp3"
    volume_size           = var.root_volume_size_gb
    encrypted             = true
    delete_on_termination = true
  }

  tags = { Name = local.name }

  lifecycle {
    # A newer AMI or changed user data must not replace the host (and its database):
    # user data runs on first boot only; later deploys go through deploy.sh.
    ignore_changes = [ami, user_data]
  }
}
