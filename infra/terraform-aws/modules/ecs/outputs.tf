output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_names" {
  description = "ECS service name by app (auth-api, web)."
  value       = { for app, svc in aws_ecs_service.this : app => svc.name }
}

output "task_definition_families" {
  description = "Task definition family by name: auth-api, web, auth-api-migrate, ml-cli."
  value = merge(
    { for name, td in aws_ecs_task_definition.service : name => td.family },
    { for name, td in aws_ecs_task_definition.one_off : name => td.family },
  )
}

output "security_group_ids" {
  description = "Task security group by app (auth-api, web, ml-cli); the migration task uses auth-api's."
  value       = { for app, sg in aws_security_group.app : app => sg.id }
}

output "log_group_names" {
  description = "CloudWatch log group by app."
  value       = { for app, lg in aws_cloudwatch_log_group.app : app => lg.name }
}
