//! Due dates, repeats, reminders and time settings in storage, on real Postgres.

use tasklink_core::{
    quickadd,
    tasks::{self, Completion, FieldChanges, Priority, Tags, TaskFields, TaskFilter, TaskTitle},
    time::{self, Date, Due, TimeZone, Timestamp, settings},
};
use tasklink_tests::helpers::TestDb;

fn berlin() -> TimeZone {
    time::parse_zone("Europe/Berlin").unwrap()
}

fn local(zone: &TimeZone, y: i16, m: i8, d: i8, h: i8, min: i8) -> Timestamp {
    zone.to_timestamp(Date::new(y, m, d).unwrap().at(h, min, 0, 0))
        .unwrap()
}

fn title(t: &str) -> TaskTitle {
    TaskTitle::parse(t).unwrap()
}

#[tokio::test]
async fn a_quick_added_repeating_task_is_stored_and_moves_on_completion() {
    let db = TestDb::new().await;
    let core = db.core();
    let ada = db.user("ada@example.com").await;
    let zone = berlin();
    let now = local(&zone, 2026, 11, 26, 10, 0);
    let qa = quickadd::parse("Pay rent every month on the 1st at 9am p1 #home", now, &zone);
    let fields = TaskFields {
        due: qa.due,
        priority: qa.priority,
        tags: qa.tags.clone(),
        repeat: qa.repeat.clone(),
        ..TaskFields::default()
    };
    let task = tasks::add_with_fields(&core.db, ada, &title(&qa.title), None, &fields, &zone, now)
        .await
        .unwrap();
    let json = serde_json::to_value(&task).unwrap();
    assert_eq!(json["due"], "2026-12-01T09:00:00+01:00");
    assert_eq!(json["repeat"], "FREQ=MONTHLY;BYMONTHDAY=1");
    assert_eq!(json["repeat_text"], "every month on the 1st");
    assert_eq!(json["repeat_from"], "due");
    assert_eq!(json["priority"], "high");
    assert_eq!(json["tags"], serde_json::json!(["home"]));
    assert_eq!(json["remind_at"], "2026-12-01T08:00:00Z");
    assert_eq!(json["completed_at"], serde_json::Value::Null);

    let done_at = local(&zone, 2026, 12, 1, 9, 5);
    let seen = task.due_local;
    let Completion::Rescheduled(next) = tasks::complete_occurrence(&core.db, ada, task.number, seen, done_at)
        .await
        .unwrap()
    else {
        panic!("a repeating task stays open")
    };
    assert_eq!(next.due.as_deref(), Some("2027-01-01T09:00:00+01:00"));
    assert!(!next.completed);
    assert_eq!(next.remind_at.unwrap().to_rfc3339(), "2027-01-01T08:00:00+00:00");
    // The same occurrence completed again (another surface) does not advance twice.
    let Completion::Rescheduled(again) =
        tasks::complete_occurrence(&core.db, ada, task.number, seen, done_at)
            .await
            .unwrap()
    else {
        panic!("still open")
    };
    assert_eq!(again.due, next.due);
}

#[tokio::test]
async fn a_daily_time_stays_on_the_wall_clock_across_daylight_saving() {
    let db = TestDb::new().await;
    let core = db.core();
    let ada = db.user("ada@example.com").await;
    let zone = berlin();
    let fields = TaskFields {
        due: Some(Due::DateTime(Date::new(2027, 3, 27).unwrap().at(2, 30, 0, 0))),
        repeat: Some(time::Rule::parse("FREQ=DAILY;COUNT=3").unwrap()),
        ..TaskFields::default()
    };
    let start = local(&zone, 2027, 3, 26, 12, 0);
    let task = tasks::add_with_fields(&core.db, ada, &title("Night shift"), None, &fields, &zone, start)
        .await
        .unwrap();
    let mut dues = vec![task.due.clone().unwrap()];
    let mut now = local(&zone, 2027, 3, 27, 2, 30);
    loop {
        match tasks::complete_occurrence(&core.db, ada, task.number, None, now)
            .await
            .unwrap()
        {
            Completion::Rescheduled(t) => {
                dues.push(t.due.clone().unwrap());
                now = t.due_local.unwrap().instant(&zone);
            }
            Completion::Completed(t) => {
                assert!(t.completed && t.completed_at.is_some());
                break;
            }
        }
    }
    // 02:30 does not exist on 28 March (shifted to 03:30), and comes back on the 29th.
    assert_eq!(
        dues,
        [
            "2027-03-27T02:30:00+01:00",
            "2027-03-28T03:30:00+02:00",
            "2027-03-29T02:30:00+02:00"
        ]
    );
}

#[tokio::test]
async fn fields_change_and_clear_and_old_tasks_keep_working() {
    let db = TestDb::new().await;
    let core = db.core();
    let ada = db.user("ada@example.com").await;
    let zone = berlin();
    let now = local(&zone, 2026, 11, 26, 10, 0);
    let plain = tasks::add(&core.db, ada, &title("Old style"), None)
        .await
        .unwrap();
    assert_eq!(plain.due, None);
    assert_eq!(plain.priority, Priority::None);
    assert!(plain.tags.is_empty());

    let changes = FieldChanges {
        due: Some(Some(Due::Date(Date::new(2026, 12, 24).unwrap()))),
        priority: Some(Priority::Medium),
        tags: Some(Tags::parse(["Xmas", "family"]).unwrap()),
        repeat: Some(Some(time::Rule::parse("FREQ=YEARLY").unwrap())),
        ..FieldChanges::default()
    };
    let t = tasks::update_fields(&core.db, ada, plain.number, changes, &zone, now)
        .await
        .unwrap();
    assert_eq!(t.due.as_deref(), Some("2026-12-24"));
    assert_eq!(t.repeat_text.as_deref(), Some("every year"));
    assert_eq!(t.tags.to_string(), "#xmas #family");
    assert_eq!(t.remind_at, None, "a date-only due has no automatic reminder");

    let clear = FieldChanges {
        due: Some(None),
        ..FieldChanges::default()
    };
    let t = tasks::update_fields(&core.db, ada, plain.number, clear, &zone, now)
        .await
        .unwrap();
    assert_eq!((t.due, t.repeat), (None, None));
    assert_eq!(t.priority, Priority::Medium);

    // A repeat on a task without a due starts at its first occurrence from now.
    let weekly = FieldChanges {
        repeat: Some(Some(
            time::resolve_repeat("every monday", now, &zone).unwrap().rule,
        )),
        ..FieldChanges::default()
    };
    let t = tasks::update_fields(&core.db, ada, plain.number, weekly, &zone, now)
        .await
        .unwrap();
    assert_eq!(t.due.as_deref(), Some("2026-11-30"));
    assert_eq!(t.repeat_text.as_deref(), Some("every monday"));

    let done = tasks::complete(&core.db, ada, plain.number).await.unwrap();
    assert!(done.completed_at.is_some());
    assert_eq!(
        tasks::list(&core.db, ada, TaskFilter::All).await.unwrap().len(),
        1
    );

    // Bad input is a typed error naming the field.
    let bad = FieldChanges {
        repeat: Some(Some(time::Rule::parse("FREQ=DAILY;UNTIL=20200101").unwrap())),
        due: Some(Some(Due::Date(Date::new(2026, 12, 1).unwrap()))),
        ..FieldChanges::default()
    };
    let err = tasks::update_fields(&core.db, ada, plain.number, bad, &zone, now)
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.field()), ("invalid_repeat", Some("repeat")));
}

#[tokio::test]
async fn time_settings_default_to_utc_and_change() {
    let db = TestDb::new().await;
    let core = db.core();
    let ada = db.user("ada@example.com").await;
    let s = settings::load(&core.db, ada).await.unwrap();
    assert_eq!(s.timezone, "UTC");
    assert_eq!(s.agenda_time, None);

    settings::set_timezone(&core.db, ada, &time::parse_zone("Tokyo").unwrap())
        .await
        .unwrap();
    settings::set_agenda_time(&core.db, ada, Some(settings::parse_hhmm("08:30").unwrap()))
        .await
        .unwrap();
    let quiet = settings::parse_quiet_hours("22:00-07:00").unwrap();
    settings::set_quiet_hours(&core.db, ada, Some(&quiet))
        .await
        .unwrap();
    settings::set_reminder_platform(&core.db, ada, Some("telegram"))
        .await
        .unwrap();
    let s = settings::load(&core.db, ada).await.unwrap();
    assert_eq!(
        serde_json::to_value(&s).unwrap(),
        serde_json::json!({
            "timezone": "Asia/Tokyo",
            "agenda_time": "08:30",
            "quiet_hours": {"start": "22:00", "end": "07:00"},
            "reminder_platform": "telegram",
        })
    );
    assert!(
        settings::set_reminder_platform(&core.db, ada, Some("fax"))
            .await
            .is_err()
    );
}
