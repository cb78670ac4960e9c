output "dns_name" {
  description = "DNS name of the ALB; point the host names here (CNAME or alias) when Route 53 is not used."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 zone id of the ALB, for alias records."
  value       = aws_lb.this.zone_id
}

output "security_group_id" {
  description = "Security group of the ALB; targets allow ingress from it."
  value       = aws_security_group.alb.id
}

output "target_group_arns" {
  description = "Target group ARN by target name."
  value       = { for name, tg in aws_lb_target_group.this : name => tg.arn }

  # ECS refuses a target group that no listener uses yet.
  depends_on = [aws_lb_listener_rule.hosts]
}

output "arn_suffix" {
  description = "ALB ARN suffix, for CloudWatch metrics and alarms."
  value       = aws_lb.this.arn_suffix
}
