resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Public ALB: HTTP and HTTPS in, target ports out"
  vpc_id      = var.vpc_id

  tags = { Name = "${var.name}-alb" }
}

resource "aws_vpc_security_group_ingress_rule" "public" {
  for_each = { http = 80, https = 443 }

  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  description       = upper(each.key)
}

resource "aws_vpc_security_group_egress_rule" "targets" {
  for_each = var.targets

  security_group_id            = aws_security_group.alb.id
  referenced_security_group_id = var.target_security_group_ids[each.key]
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  description                  = "To ${each.key}"
}

resource "aws_lb" "this" {
  name               = var.name
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.alb.id]
  subnets            = var.subnet_ids

  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  # Append the client's address to X-Forwarded-For (the default, pinned): web and auth-api
  # trust the ALB's subnets and take the right-most address it wrote, never the client's own.
  xff_header_processing_mode = "append"
}

resource "aws_lb_target_group" "this" {
  for_each = var.targets

  name        = "${var.name}-${each.key}"
  port        = each.value.port
  protocol    = "HTTP"
  target_type = "ip" # Fargate tasks register by IP
  vpc_id      = var.vpc_id

  # Shorter than the 300 s default: the apps drain keep-alive connections on SIGTERM.
  deregistration_delay = 30

  health_check {
    path                = each.value.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  # Requests for unknown hosts (scanners hitting the ALB name) reach no app.
  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Not found"
      status_code  = "404"
    }
  }
}

# Evaluated before the host rules.
resource "aws_lb_listener_rule" "private_paths" {
  count = length(var.private_paths) > 0 ? 1 : 0

  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Not found"
      status_code  = "404"
    }
  }

  condition {
    path_pattern {
      values = var.private_paths
    }
  }
}

resource "aws_lb_listener_rule" "hosts" {
  for_each = var.targets

  listener_arn = aws_lb_listener.https.arn
  priority     = 100 + index(sort(keys(var.targets)), each.key)

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[each.key].arn
  }

  condition {
    host_header {
      values = each.value.host_names
    }
  }
}

resource "aws_route53_record" "hosts" {
  for_each = var.route53_zone_id == null ? toset([]) : toset(flatten([for t in var.targets : t.host_names]))

  zone_id = var.route53_zone_id
  name    = each.key
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}
