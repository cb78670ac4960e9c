output "execution_role_arn" {
  description = "Task execution role (ECS agent): image pull, logs, the listed secrets."
  value       = aws_iam_role.execution.arn

  # Tasks started before the policy is attached could not pull their image.
  depends_on = [aws_iam_role_policy.execution]
}

output "task_role_arns" {
  description = "Task role by app: auth-api, web, ml-cli."
  value       = { for app, role in aws_iam_role.task : app => role.arn }

  depends_on = [aws_iam_role_policy.ml_cli]
}

output "deploy_role_arn" {
  description = "Role GitHub Actions assumes to push and deploy; null when github_repository is unset."
  value       = one(aws_iam_role.deploy[*].arn)
}

output "github_oidc_provider_arn" {
  description = "GitHub OIDC provider the deploy role trusts (created or given); pass it to other environments in the account."
  value       = local.create_deploy_role ? local.oidc_provider_arn : null
}
