resource "aws_ecs_task_definition" "service" {
  for_each = local.services

  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arns[each.key]
  skip_destroy             = true # a replaced revision may still be the one running

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  # The only writable path: the root filesystem is read-only.
  volume {
    name = "tmp"
  }

  container_definitions = jsonencode([{
    name                   = each.key
    image                  = each.value.image
    essential              = true
    readonlyRootFilesystem = true
    mountPoints            = [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }]
    portMappings           = [{ name = "http", containerPort = each.value.port, protocol = "tcp", appProtocol = "http" }]
    environment            = [for k, v in each.value.environment : { name = k, value = v } if v != null]
    secrets                = [for k, v in each.value.secrets : { name = k, valueFrom = v } if v != null]
    linuxParameters        = { initProcessEnabled = true } # reaps zombies, forwards SIGTERM
    stopTimeout            = 30

    # Liveness only: the image is Debian-slim Node without curl, and readiness (DB included) is
    # the ALB's job. A database blip must not make ECS replace every task at once.
    healthCheck = {
      command     = ["CMD", "node", "-e", "fetch('http://127.0.0.1:${each.value.port}${each.value.liveness_path}',{signal:AbortSignal.timeout(3000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 30
    }

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app[each.key].name
        awslogs-region        = var.region
        awslogs-stream-prefix = "service"
      }
    }
  }])
}

resource "aws_ecs_service" "this" {
  for_each = local.services

  name                    = each.key
  cluster                 = aws_ecs_cluster.this.id
  task_definition         = aws_ecs_task_definition.service[each.key].arn
  desired_count           = each.value.min_count
  launch_type             = "FARGATE"
  platform_version        = "LATEST"
  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 60

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.app[each.key].id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = each.value.target_group_arn
    container_name   = each.key
    container_port   = each.value.port
  }

  # web reaches auth-api as http://<auth_api_dns_name>:<port> through the Service Connect proxy:
  # no internal load balancer to pay for, and unhealthy tasks are skipped client-side.
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_http_namespace.this.arn

    dynamic "service" {
      for_each = each.key == "auth-api" ? [each.value.port] : []

      content {
        port_name      = "http"
        discovery_name = var.auth_api_dns_name

        client_alias {
          port     = service.value
          dns_name = var.auth_api_dns_name
        }
      }
    }

    log_configuration {
      log_driver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app[each.key].name
        awslogs-region        = var.region
        awslogs-stream-prefix = "service-connect"
      }
    }
  }

  lifecycle {
    # The deploy workflow registers revisions with new images; autoscaling owns the count.
    ignore_changes = [task_definition, desired_count]
  }
}

resource "aws_appautoscaling_target" "service" {
  for_each = local.services

  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this[each.key].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = each.value.min_count
  max_capacity       = each.value.max_count
}

resource "aws_appautoscaling_policy" "cpu" {
  for_each = local.services

  name               = "${var.name}-${each.key}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.service[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.service[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.service[each.key].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_out_cooldown = 60
    scale_in_cooldown  = 300

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
