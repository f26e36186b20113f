//! `intops whatsapp phone`: each phone number's status, quality rating, name status, limits and health.

use crate::commands::report;
use crate::context::Context;
use crate::error::Result;
use crate::providers::meta::PhoneNumber;
use crate::report::{Report, Status, Step};

const BAD_STATUSES: &[&str] = &[
    "FLAGGED",
    "RESTRICTED",
    "BANNED",
    "DISCONNECTED",
    "RATE_LIMITED",
    "DELETED",
    "UNVERIFIED",
];

/// Judge one phone number.
pub fn phone_step(p: &PhoneNumber) -> Step {
    let name = p
        .display_phone_number
        .clone()
        .or(p.id.clone())
        .unwrap_or_else(|| "phone".into());
    let mut status = Status::Ok;
    let mut problems: Vec<String> = Vec::new();
    let mut hint: Option<String> = None;
    let quality = p.quality_rating.clone().unwrap_or_else(|| "UNKNOWN".into());
    match quality.as_str() {
        "RED" => {
            status = status.worst(Status::Crit);
            problems.push("quality RED".into());
            hint = Some("quality is RED: Meta may lower the messaging limit or flag the number; pause campaigns and review templates and blocks in WhatsApp Manager > Insights (runbook whatsapp-outage, Option 3)".into());
        }
        "YELLOW" => {
            status = status.worst(Status::Warn);
            problems.push("quality YELLOW".into());
            hint.get_or_insert(
                "quality is dropping: review recent templates and user blocks in WhatsApp Manager"
                    .into(),
            );
        }
        _ => {}
    }
    if let Some(s) = &p.status {
        if BAD_STATUSES.contains(&s.to_ascii_uppercase().as_str()) {
            status = status.worst(Status::Crit);
            problems.push(format!("status {s}"));
            hint = Some(format!("the number is {s}: open WhatsApp Manager > Phone numbers for the reason; escalate to Meta support if it is a mistake (runbook whatsapp-outage, Option 3)"));
        } else if s.eq_ignore_ascii_case("PENDING") {
            status = status.worst(Status::Warn);
            problems.push("status PENDING".into());
        }
    }
    if let Some(h) = &p.health_status {
        match h.can_send_message.as_deref() {
            Some("BLOCKED") => {
                status = status.worst(Status::Crit);
                let who: Vec<String> = h
                    .entities
                    .iter()
                    .filter(|e| e.can_send_message.as_deref() == Some("BLOCKED"))
                    .map(|e| e.entity_type.clone().unwrap_or_default())
                    .collect();
                problems.push(format!("cannot send (blocked at {})", who.join(", ")));
                hint.get_or_insert("messaging is blocked: WhatsApp Manager > Account tools shows the blocking entity and its reason".into());
            }
            Some("LIMITED") => {
                status = status.worst(Status::Warn);
                problems.push("sending limited".into());
            }
            _ => {}
        }
    }
    if let Some(n) = &p.name_status {
        if matches!(n.as_str(), "DECLINED" | "EXPIRED") {
            status = status.worst(Status::Warn);
            problems.push(format!("display name {n}"));
            hint.get_or_insert(
                "the display name was declined or expired: resubmit it in WhatsApp Manager".into(),
            );
        }
    }
    if let Some(v) = &p.code_verification_status {
        if v != "VERIFIED" && v != "EXPIRED" {
            status = status.worst(Status::Warn);
            problems.push(format!("verification {v}"));
        }
    }
    if p.account_mode.as_deref() == Some("SANDBOX") {
        status = status.worst(Status::Warn);
        problems.push("account in SANDBOX mode".into());
    }
    let limit = p
        .whatsapp_business_manager_messaging_limit
        .as_ref()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string())
        })
        .or(p.messaging_limit_tier.clone())
        .unwrap_or_else(|| "?".into());
    let summary = if problems.is_empty() {
        format!(
            "{} · {} · quality {} · name {} · limit {}{}",
            p.verified_name.clone().unwrap_or_default(),
            p.status.clone().unwrap_or_else(|| "status ?".into()),
            quality,
            p.name_status.clone().unwrap_or_else(|| "?".into()),
            limit,
            p.throughput
                .as_ref()
                .and_then(|t| t.level.clone())
                .map(|l| format!(" · throughput {l}"))
                .unwrap_or_default()
        )
    } else {
        format!(
            "{}: {}",
            p.verified_name.clone().unwrap_or_default(),
            problems.join(", ")
        )
    };
    let quality_num = match quality.as_str() {
        "GREEN" => 0.0,
        "YELLOW" => 1.0,
        "RED" => 2.0,
        _ => -1.0,
    };
    Step::new(format!("phone {name}"), status, summary)
        .maybe_hint(hint)
        .data(serde_json::to_value(p).unwrap_or_default())
        .metric("whatsapp_phone_quality", quality_num)
}

pub async fn phone(ctx: &Context) -> Result<Report> {
    let client = ctx.meta_named("WHATSAPP_ACCESS_TOKEN")?;
    let mut steps = Vec::new();
    let result = if let Some(id) = ctx.setting("WHATSAPP_PHONE_NUMBER_ID") {
        client
            .phone_number(&id)
            .await
            .map(|(p, full)| (vec![p], full))
    } else if let Some(waba) = ctx.setting("WHATSAPP_BUSINESS_ACCOUNT_ID") {
        client.phone_numbers(&waba).await
    } else {
        return Err(ctx.missing("WHATSAPP_PHONE_NUMBER_ID (or WHATSAPP_BUSINESS_ACCOUNT_ID)"));
    };
    match result {
        Ok((numbers, _)) if numbers.is_empty() => steps.push(
            Step::crit(
                "phone",
                "the WhatsApp Business Account has no phone numbers",
            )
            .hint("add and register a number in WhatsApp Manager"),
        ),
        Ok((numbers, full)) => {
            steps.extend(numbers.iter().map(phone_step));
            if !full {
                steps.push(Step::ok(
                    "fields",
                    "throughput and platform_type are not offered by this Graph version; left out",
                ));
            }
        }
        Err(e) => steps.push(e.step("phone")),
    }
    Ok(report(ctx, steps))
}
