data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  partition = data.aws_partition.current.partition
  arn       = "${local.partition}:%s:${var.region}:${local.account}"

  ecr_repository_arns = [for n in var.ecr_repository_names : "arn:${format(local.arn, "ecr")}:repository/${n}"]
  log_streams_arn     = "arn:${format(local.arn, "logs")}:log-group:${var.log_group_prefix}/*:*"
  cluster_arn         = "arn:${format(local.arn, "ecs")}:cluster/${var.cluster_name}"

  # Task roles exist even when empty: each app gets its own identity and no inherited rights.
  task_roles = toset(["auth-api", "web", "ml-cli"])
}

# Only ECS in this account and region may assume the task roles (confused-deputy guard).
data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${format(local.arn, "ecs")}:*"]
    }
  }
}

# --- Execution role: used by the ECS agent (pull image, write logs, inject secrets), never by app code.

resource "aws_iam_role" "execution" {
  name               = "${var.name}-ecs-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

# Written out instead of AmazonECSTaskExecutionRolePolicy, which allows every repository and log group.
data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"] # account-level call; cannot be scoped
  }

  statement {
    sid       = "PullOwnImages"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = local.ecr_repository_arns
  }

  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [local.log_streams_arn]
  }

  statement {
    sid       = "ReadAppSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = var.secret_arns
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "pull-log-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

# --- Task roles: what the app code itself may call. auth-api and web call no AWS API.

resource "aws_iam_role" "task" {
  for_each = local.task_roles

  name               = "${var.name}-${each.key}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "ml_cli" {
  statement {
    sid       = "ListOwnPrefixes"
    actions   = ["s3:ListBucket"]
    resources = [var.ml_bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = [for p in var.ml_bucket_prefixes : "${p}*"]
    }
  }

  # No DeleteObject: versioning plus no deletes means a buggy run cannot lose data.
  statement {
    sid       = "ReadWriteOwnPrefixes"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]
    resources = [for p in var.ml_bucket_prefixes : "${var.ml_bucket_arn}/${p}*"]
  }
}

resource "aws_iam_role_policy" "ml_cli" {
  name   = "ml-bucket"
  role   = aws_iam_role.task["ml-cli"].id
  policy = data.aws_iam_policy_document.ml_cli.json
}
