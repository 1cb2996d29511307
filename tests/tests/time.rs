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

// ------------------------------------------------------------ lists and agenda

fn raw(pairs: &[(&str, &str)]) -> tasks::TaskQuery {
    let mut r = tasks::RawTaskQuery::default();
    for (k, v) in pairs {
        let v = Some((*v).to_owned());
        match *k {
            "status" => r.status = v,
            "q" => r.q = v,
            "tag" => r.tag = v,
            "priority" => r.priority = v,
            "due" => r.due = v,
            "sort" => r.sort = v,
            "limit" => r.limit = v,
            "cursor" => r.cursor = v,
            other => panic!("no parameter {other}"),
        }
    }
    tasks::TaskQuery::parse(&r).unwrap()
}

/// Adds tasks by quick add at `now` in `zone`; returns nothing, numbers are 1, 2, …
async fn quick_add_all(
    core: &tasklink_core::Core,
    user: tasklink_core::accounts::UserId,
    lines: &[&str],
    now: Timestamp,
    zone: &TimeZone,
) {
    for line in lines {
        let qa = quickadd::parse(line, now, zone);
        let fields = TaskFields {
            due: qa.due,
            priority: qa.priority,
            tags: qa.tags.clone(),
            repeat: qa.repeat.clone(),
            remind: qa.remind,
            ..TaskFields::default()
        };
        tasks::add_with_fields(&core.db, user, &title(&qa.title), None, &fields, zone, now)
            .await
            .unwrap();
    }
}

fn numbers(page: &tasks::TaskPage) -> Vec<i32> {
    page.tasks.iter().map(|t| t.number.get()).collect()
}

#[tokio::test]
async fn lists_filter_search_sort_and_page_with_signed_cursors() {
    let db = TestDb::new().await;
    let core = db.core();
    let keys = core.cursor_key();
    let ada = db.user("ada@example.com").await;
    let bob = db.user("bob@example.com").await;
    let zone = berlin();
    let now = local(&zone, 2026, 11, 26, 10, 0);
    quick_add_all(
        &core,
        ada,
        &[
            "Buy milk today 18:00 #home p2",        // 1 today, timed, later
            "Pay rent tomorrow #home p1",           // 2 tomorrow
            "File taxes 2026-11-20 #work",          // 3 overdue (date)
            "Call the 50% discount line today 8am", // 4 overdue (timed, earlier today)
            "Read a book",                          // 5 no due
            "Plan the trip 2026-11-30 #travel p3",  // 6 this week
            "Fix the bike 2026-12-20",              // 7 later
        ],
        now,
        &zone,
    )
    .await;
    quick_add_all(&core, bob, &["Bob's milk today"], now, &zone).await;
    tasks::complete(&core.db, ada, tasks::TaskNumber::new(7).unwrap())
        .await
        .unwrap();
    let list = |q: tasks::TaskQuery| {
        let (core, keys, zone) = (&core, &keys, &zone);
        async move {
            tasks::list_page(&core.db, keys, ada, &q, now, zone)
                .await
                .unwrap()
        }
    };

    let all = list(raw(&[])).await;
    assert_eq!(
        (numbers(&all), all.count, all.next_cursor),
        (vec![1, 2, 3, 4, 5, 6, 7], 7, None)
    );
    assert_eq!(numbers(&list(raw(&[("status", "completed")])).await), [7]);
    assert_eq!(numbers(&list(raw(&[("due", "overdue")])).await), [3, 4]);
    assert_eq!(numbers(&list(raw(&[("due", "today")])).await), [1, 4]);
    assert_eq!(numbers(&list(raw(&[("due", "tomorrow")])).await), [2]);
    assert_eq!(numbers(&list(raw(&[("due", "week")])).await), [1, 2, 4, 6]);
    assert_eq!(numbers(&list(raw(&[("due", "none")])).await), [5]);
    assert_eq!(numbers(&list(raw(&[("tag", "HOME")])).await), [1, 2]);
    assert_eq!(numbers(&list(raw(&[("priority", "high")])).await), [2]);
    assert_eq!(
        numbers(&list(raw(&[("q", "MILK")])).await),
        [1],
        "search is case-insensitive and scoped"
    );
    assert_eq!(numbers(&list(raw(&[("q", "50%")])).await), [4], "% is literal");
    assert_eq!(
        numbers(&list(raw(&[("q", "rent pay")])).await),
        [2],
        "every word, any order"
    );
    assert_eq!(list(raw(&[("q", "nothing like it")])).await.count, 0);

    // Sorts: natural direction and reversed; no due sorts last both ways.
    assert_eq!(
        numbers(&list(raw(&[("sort", "due")])).await),
        [3, 4, 1, 2, 6, 7, 5]
    );
    assert_eq!(
        numbers(&list(raw(&[("sort", "-due")])).await),
        [7, 6, 2, 1, 4, 3, 5]
    );
    assert_eq!(
        numbers(&list(raw(&[("sort", "priority")])).await),
        [2, 1, 6, 3, 4, 5, 7]
    );
    assert_eq!(
        numbers(&list(raw(&[("sort", "title")])).await),
        [1, 4, 3, 7, 2, 6, 5]
    );
    assert_eq!(
        numbers(&list(raw(&[("sort", "-number")])).await),
        [7, 6, 5, 4, 3, 2, 1]
    );

    // Walking the pages of every sort gives the whole sorted list, once.
    for sort in [
        "due",
        "-due",
        "priority",
        "-priority",
        "created",
        "-created",
        "title",
        "-title",
        "number",
        "-number",
    ] {
        let whole = numbers(&list(raw(&[("sort", sort)])).await);
        let mut walked = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut params = vec![("sort", sort), ("limit", "2")];
            if let Some(c) = &cursor {
                params.push(("cursor", c));
            }
            let page = list(raw(&params)).await;
            assert_eq!(page.count, 7, "count is of all matches on every page");
            walked.extend(numbers(&page));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(walked, whole, "sort {sort}");
    }

    // A cursor is the person's and the sort's; a tampered one names `cursor`.
    let first = list(raw(&[("limit", "2")])).await;
    let cursor = first.next_cursor.unwrap();
    let bad = |q: tasks::TaskQuery, who| {
        let (core, keys, zone) = (&core, &keys, &zone);
        async move {
            tasks::list_page(&core.db, keys, who, &q, now, zone)
                .await
                .unwrap_err()
        }
    };
    let mut tampered = cursor.clone();
    tampered.replace_range(0..2, "33");
    for err in [
        bad(raw(&[("cursor", &tampered)]), ada).await,
        bad(raw(&[("cursor", &cursor)]), bob).await,
        bad(raw(&[("cursor", &cursor), ("sort", "title")]), ada).await,
        bad(raw(&[("cursor", "garbage")]), ada).await,
    ] {
        assert_eq!((err.code(), err.field()), ("invalid_cursor", Some("cursor")));
    }
}

#[tokio::test]
async fn snooze_moves_only_this_occurrences_reminder_and_the_agenda_groups_by_day() {
    let db = TestDb::new().await;
    let core = db.core();
    let ada = db.user("ada@example.com").await;
    let zone = berlin();
    let now = local(&zone, 2026, 11, 26, 10, 0);
    quick_add_all(
        &core,
        ada,
        &[
            "Stand-up every weekday at 9:30 remind me 15m before", // 1 next: Fri 27 09:30
            "Overdue thing 2026-11-25",                            // 2 overdue
            "Later today 17:00",                                   // 3 today
            "Earlier today 8:00",                                  // 4 overdue (timed)
            "Dentist 2026-12-02",                                  // 5 upcoming (day 6)
            "Too far 2026-12-10",                                  // 6 not in the agenda
            "No date at all",                                      // 7
        ],
        now,
        &zone,
    )
    .await;
    let one = tasks::TaskNumber::new(1).unwrap();
    let before = tasks::get(&core.db, ada, one).await.unwrap();
    assert_eq!(before.due.as_deref(), Some("2026-11-27T09:30:00+01:00"));
    assert_eq!(
        before.remind_at.unwrap().to_rfc3339(),
        "2026-11-27T08:15:00+00:00"
    );
    let until = local(&zone, 2026, 11, 27, 9, 25);
    let snoozed = tasks::snooze(&core.db, ada, one, until).await.unwrap();
    assert_eq!(
        snoozed.remind_at.unwrap().to_rfc3339(),
        "2026-11-27T08:25:00+00:00"
    );
    assert_eq!(snoozed.due, before.due, "snoozing keeps the due");
    // The next occurrence is reminded 15 minutes before again.
    let Completion::Rescheduled(next) = tasks::complete_occurrence(&core.db, ada, one, None, until)
        .await
        .unwrap()
    else {
        panic!("repeats")
    };
    assert_eq!(next.due.as_deref(), Some("2026-11-30T09:30:00+01:00"));
    assert_eq!(next.remind_at.unwrap().to_rfc3339(), "2026-11-30T08:15:00+00:00");
    let missing = tasks::snooze(&core.db, ada, tasks::TaskNumber::new(99).unwrap(), until)
        .await
        .unwrap_err();
    assert_eq!(missing.code(), "task_not_found");

    let agenda = tasks::agenda(&core.db, ada, now, &zone).await.unwrap();
    let nums = |ts: &[tasks::Task]| ts.iter().map(|t| t.number.get()).collect::<Vec<_>>();
    assert_eq!(agenda.timezone, "Europe/Berlin");
    assert_eq!(agenda.date, "2026-11-26");
    assert_eq!(nums(&agenda.overdue), [2, 4]);
    assert_eq!(nums(&agenda.today), [3]);
    assert_eq!(nums(&agenda.upcoming), [1, 5]);

    // The same tasks seen from Tokyo at the same instant: it is already evening there.
    let tokyo = time::parse_zone("Asia/Tokyo").unwrap();
    let agenda = tasks::agenda(&core.db, ada, now, &tokyo).await.unwrap();
    assert_eq!(agenda.date, "2026-11-26");
    assert_eq!(nums(&agenda.overdue), [2, 4]);
}
