//! The golden table: quick-add lines read at a fixed now (Thursday
//! 2026-11-26 10:00, Europe/Berlin). Columns: the line, then the expected
//! title, due (local; a date or a date and time; empty for none), repeat
//! (RRULE; empty for none), priority (empty for none) and tags.

use jiff::{Timestamp, civil::date, tz::TimeZone};

use super::parse;
use crate::tasks::fields::Priority;

type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
pub(super) const GOLDEN: &[Row] = &[
    // line                                                    title                        due                  repeat                                      priority  tags
    ("Buy groceries",                                          "Buy groceries",             "",                  "",                                         "",       ""),
    ("Call mom tomorrow at 6pm",                               "Call mom",                  "2026-11-27T18:00",  "",                                         "",       ""),
    ("Pay rent every month on the 1st at 9am p1 #home",        "Pay rent",                  "2026-12-01T09:00",  "FREQ=MONTHLY;BYMONTHDAY=1",                "high",   "home"),
    ("Submit report today",                                    "Submit report",             "2026-11-26",        "",                                         "",       ""),
    ("Submit report today at 5pm",                             "Submit report",             "2026-11-26T17:00",  "",                                         "",       ""),
    ("Watch movie tonight",                                    "Watch movie",               "2026-11-26T20:00",  "",                                         "",       ""),
    ("Watch movie tonight at 9pm",                             "Watch movie",               "2026-11-26T21:00",  "",                                         "",       ""),
    ("Dentist tomorrow",                                       "Dentist",                   "2026-11-27",        "",                                         "",       ""),
    ("Dentist tomorrow 9am",                                   "Dentist",                   "2026-11-27T09:00",  "",                                         "",       ""),
    ("Dentist tomorrow at 9",                                  "Dentist",                   "2026-11-27T09:00",  "",                                         "",       ""),
    ("Dentist tomorrow at 14:30",                              "Dentist",                   "2026-11-27T14:30",  "",                                         "",       ""),
    ("Dentist at 14:30 tomorrow",                              "Dentist",                   "2026-11-27T14:30",  "",                                         "",       ""),
    ("tomorrow 9am dentist",                                   "dentist",                   "2026-11-27T09:00",  "",                                         "",       ""),
    ("Team lunch at noon",                                     "Team lunch",                "2026-11-26T12:00",  "",                                         "",       ""),
    ("Standup at 9am",                                         "Standup",                   "2026-11-27T09:00",  "",                                         "",       ""),
    ("Backup at midnight",                                     "Backup",                    "2026-11-26T23:59",  "",                                         "",       ""),
    ("Call Bob at 3pm",                                        "Call Bob",                  "2026-11-26T15:00",  "",                                         "",       ""),
    ("Call Bob 3pm",                                           "Call Bob",                  "2026-11-26T15:00",  "",                                         "",       ""),
    ("Call Bob at 3 pm",                                       "Call Bob",                  "2026-11-26T15:00",  "",                                         "",       ""),
    ("Call Bob at 3:30pm",                                     "Call Bob",                  "2026-11-26T15:30",  "",                                         "",       ""),
    ("Call Bob at 15:30",                                      "Call Bob",                  "2026-11-26T15:30",  "",                                         "",       ""),
    ("Call Bob 15:30",                                         "Call Bob",                  "2026-11-26T15:30",  "",                                         "",       ""),
    ("Call Bob at 3.15pm",                                     "Call Bob",                  "2026-11-26T15:15",  "",                                         "",       ""),
    ("Meet Anna on friday",                                    "Meet Anna",                 "2026-11-27",        "",                                         "",       ""),
    // A part of the day after a clock time says its half; a bare hour after "by"/"before" is a clock time.
    ("Call Margaret sunday at 3 in the afternoon",             "Call Margaret",             "2026-11-29T15:00",  "",                                         "",       ""),
    ("Walk the dog at 7 in the evening",                       "Walk the dog",              "2026-11-26T19:00",  "",                                         "",       ""),
    ("Pick up pipe before 10 today",                           "Pick up pipe",              "2026-11-26T10:00",  "",                                         "",       ""),
    ("Send the invoice by 5 tomorrow",                         "Send the invoice",          "2026-11-27T17:00",  "",                                         "",       ""),
    ("Send the deck by end of day friday",                     "Send the deck",             "2026-11-27T17:00",  "",                                         "",       ""),
    ("Send the deck eod monday",                               "Send the deck",             "2026-11-30T17:00",  "",                                         "",       ""),
    ("Call the electrician at 7",                              "Call the electrician",      "2026-11-26T19:00",  "",                                         "",       ""),
    ("Ring the garage at 4",                                   "Ring the garage",           "2026-11-26T16:00",  "",                                         "",       ""),
    ("Lunch with Dave next thursday at 1",                     "Lunch with Dave",           "2026-12-03T13:00",  "",                                         "",       ""),
    ("Breakfast with Jo at 8",                                 "Breakfast with Jo",         "2026-11-27T08:00",  "",                                         "",       ""),
    ("Dinner tonight at 7",                                    "Dinner",                    "2026-11-26T19:00",  "",                                         "",       ""),
    ("Walk the dog every evening at 6",                        "Walk the dog",              "2026-11-26T18:00",  "FREQ=DAILY",                               "",       ""),
    ("Start running on mondays",                               "Start running",             "2026-11-30",        "FREQ=WEEKLY;BYDAY=MO",                     "",       ""),
    ("Pay parking fine within 14 days",                        "Pay parking fine",          "2026-12-10",        "",                                         "",       ""),
    ("Call the bank at lunchtime tomorrow",                    "Call the bank",             "2026-11-27T12:00",  "",                                         "",       ""),
    ("Dentist thursday at 2:15",                               "Dentist",                   "2026-12-03T14:15",  "",                                         "",       ""),
    ("Finish the essay by 12 march",                           "Finish the essay",          "2027-03-12",        "",                                         "",       ""),
    // A weekday said last after a title word is the day (as the chat brain reads it).
    ("Meet Anna friday",                                       "Meet Anna",                 "2026-11-27",        "",                                         "",       ""),
    ("Pay the gas bill saturday #home",                        "Pay the gas bill",          "2026-11-28",        "",                                         "",       "home"),
    ("Dentist tues p2",                                        "Dentist",                   "2026-12-01",        "",                                         "medium", ""),
    ("Prepare for Monday",                                     "Prepare for Monday",        "",                  "",                                         "",       ""),
    ("Lie in the sun",                                         "Lie in the sun",            "",                  "",                                         "",       ""),
    ("Plan my friday",                                         "Plan my friday",            "",                  "",                                         "",       ""),
    ("Friday",                                                 "Friday",                    "",                  "",                                         "",       ""),
    ("Meet Anna friday 5pm",                                   "Meet Anna",                 "2026-11-27T17:00",  "",                                         "",       ""),
    ("Meet Anna friday at 5pm",                                "Meet Anna",                 "2026-11-27T17:00",  "",                                         "",       ""),
    ("Meet Anna at 5pm friday",                                "Meet Anna",                 "2026-11-27T17:00",  "",                                         "",       ""),
    ("Meet Anna at 5pm on friday",                             "Meet Anna",                 "2026-11-27T17:00",  "",                                         "",       ""),
    ("Meet Anna next friday",                                  "Meet Anna",                 "2026-12-04",        "",                                         "",       ""),
    ("Meet Anna this friday",                                  "Meet Anna",                 "2026-11-27",        "",                                         "",       ""),
    ("Meet Anna next monday",                                  "Meet Anna",                 "2026-11-30",        "",                                         "",       ""),
    ("Meet Anna this monday",                                  "Meet Anna",                 "2026-11-30",        "",                                         "",       ""),
    ("Meet Anna on thursday",                                  "Meet Anna",                 "2026-12-03",        "",                                         "",       ""),
    ("Meet Anna this thursday",                                "Meet Anna",                 "2026-11-26",        "",                                         "",       ""),
    ("Meet Anna next sat",                                     "Meet Anna",                 "2026-12-05",        "",                                         "",       ""),
    ("Report due friday",                                      "Report",                    "2026-11-27",        "",                                         "",       ""),
    ("Report by friday",                                       "Report",                    "2026-11-27",        "",                                         "",       ""),
    ("Report due by friday",                                   "Report",                    "2026-11-27",        "",                                         "",       ""),
    ("Report due on fri",                                      "Report",                    "2026-11-27",        "",                                         "",       ""),
    ("Submit before friday",                                   "Submit",                    "2026-11-27",        "",                                         "",       ""),
    ("Submit timesheet by Monday",                             "Submit timesheet",          "2026-11-30",        "",                                         "",       ""),
    ("Sunday roast recipe",                                    "Sunday roast recipe",       "",                  "",                                         "",       ""),
    ("Finish The Day After Tomorrow essay",                    "Finish The Day After Tomorrow essay", "",        "",                                         "",       ""),
    ("Watch The Day After Tomorrow tonight",                   "Watch The Day After Tomorrow", "2026-11-26T20:00", "",                                       "",       ""),
    ("Finish essay the day after tomorrow",                    "Finish essay",              "2026-11-28",        "",                                         "",       ""),
    ("Finish essay day after tomorrow",                        "Finish essay",              "2026-11-28",        "",                                         "",       ""),
    ("Read Tuesdays with Morrie",                              "Read Tuesdays with Morrie", "",                  "",                                         "",       ""),
    ("Watch Friday Night Lights",                              "Watch Friday Night Lights", "",                  "",                                         "",       ""),
    ("Prepare for Monday meeting",                             "Prepare for Monday meeting", "",                 "",                                         "",       ""),
    ("May the force be with you",                              "May the force be with you", "",                  "",                                         "",       ""),
    ("Call Mom Tomorrow",                                      "Call Mom",                  "2026-11-27",        "",                                         "",       ""),
    ("Plan trip in 3 days",                                    "Plan trip",                 "2026-11-29",        "",                                         "",       ""),
    ("Call back in 2 hours",                                   "Call back",                 "2026-11-26T12:00",  "",                                         "",       ""),
    ("Check oven in 15 minutes",                               "Check oven",                "2026-11-26T10:15",  "",                                         "",       ""),
    ("Check oven in 15 min",                                   "Check oven",                "2026-11-26T10:15",  "",                                         "",       ""),
    ("Check oven in 30m",                                      "Check oven",                "2026-11-26T10:30",  "",                                         "",       ""),
    ("Check oven in an hour",                                  "Check oven",                "2026-11-26T11:00",  "",                                         "",       ""),
    ("Check oven in half an hour",                             "Check oven",                "2026-11-26T10:30",  "",                                         "",       ""),
    ("Check email in 2h",                                      "Check email",               "2026-11-26T12:00",  "",                                         "",       ""),
    ("Renew passport in 2 weeks",                              "Renew passport",            "2026-12-10",        "",                                         "",       ""),
    ("Team offsite on the 14th of December",                   "Team offsite",              "2026-12-14",        "",                                         "",       ""),
    ("Renew home insurance the 1st of December",               "Renew home insurance",      "2026-12-01",        "",                                         "",       ""),
    ("Renew passport in 6 months",                             "Renew passport",            "2027-05-26",        "",                                         "",       ""),
    ("Renew passport in a month",                              "Renew passport",            "2026-12-26",        "",                                         "",       ""),
    ("Call grandma in 1 day",                                  "Call grandma",              "2026-11-27",        "",                                         "",       ""),
    ("Trip in 2 days at 8am",                                  "Trip",                      "2026-11-28T08:00",  "",                                         "",       ""),
    ("Call in sick tomorrow",                                  "Call in sick",              "2026-11-27",        "",                                         "",       ""),
    ("Book flights nov 27",                                    "Book flights",              "2026-11-27",        "",                                         "",       ""),
    ("Book flights Nov 27",                                    "Book flights",              "2026-11-27",        "",                                         "",       ""),
    ("Book flights November 27th",                             "Book flights",              "2026-11-27",        "",                                         "",       ""),
    ("Book flights 27 Nov",                                    "Book flights",              "2026-11-27",        "",                                         "",       ""),
    ("Book flights 27th of November",                          "Book flights",              "2026-11-27",        "",                                         "",       ""),
    ("Book flights on Dec 3",                                  "Book flights",              "2026-12-03",        "",                                         "",       ""),
    ("Book flights on 3 December",                             "Book flights",              "2026-12-03",        "",                                         "",       ""),
    ("Book flights 2026-12-24",                                "Book flights",              "2026-12-24",        "",                                         "",       ""),
    ("Book flights on 2026-12-24 at 10:00",                    "Book flights",              "2026-12-24T10:00",  "",                                         "",       ""),
    ("Book flights Nov 20",                                    "Book flights",              "2027-11-20",        "",                                         "",       ""),
    ("Book flights Nov 27 2027",                               "Book flights",              "2027-11-27",        "",                                         "",       ""),
    ("Book flights Jan 5",                                     "Book flights",              "2027-01-05",        "",                                         "",       ""),
    ("Taxes april 15",                                         "Taxes",                     "2027-04-15",        "",                                         "",       ""),
    ("Taxes 15 apr 2027",                                      "Taxes",                     "2027-04-15",        "",                                         "",       ""),
    ("Exam on 1st December",                                   "Exam",                      "2026-12-01",        "",                                         "",       ""),
    ("Exam December 1st, 2027",                                "Exam",                      "2027-12-01",        "",                                         "",       ""),
    ("Exam sept 3",                                            "Exam",                      "2027-09-03",        "",                                         "",       ""),
    ("Party on dec 31 at 8pm",                                 "Party",                     "2026-12-31T20:00",  "",                                         "",       ""),
    ("Party dec 31 8pm",                                       "Party",                     "2026-12-31T20:00",  "",                                         "",       ""),
    ("Party on the 30th",                                      "Party",                     "2026-11-30",        "",                                         "",       ""),
    ("Party on the 5th",                                       "Party",                     "2026-12-05",        "",                                         "",       ""),
    ("Party 27/11",                                            "Party",                     "2026-11-27",        "",                                         "",       ""),
    ("Party 11/27",                                            "Party",                     "2026-11-27",        "",                                         "",       ""),
    ("Party 24/12/2026 at 19:00",                              "Party",                     "2026-12-24T19:00",  "",                                         "",       ""),
    ("Party 03/04",                                            "Party 03/04",               "",                  "",                                         "",       ""),
    ("Party Nov 31",                                           "Party Nov 31",              "",                  "",                                         "",       ""),
    ("Party at 25",                                            "Party at 25",               "",                  "",                                         "",       ""),
    ("Party at 9:75",                                          "Party at 9:75",             "",                  "",                                         "",       ""),
    ("Party 2026-02-30",                                       "Party 2026-02-30",          "",                  "",                                         "",       ""),
    ("Submit at 13pm",                                         "Submit at 13pm",            "",                  "",                                         "",       ""),
    ("Party 03/04 #fun p2",                                    "Party 03/04",               "",                  "",                                         "medium", "fun"),
    ("Conference 2026-12-01 to 2026-12-03",                    "Conference 2026-12-01 to 2026-12-03", "",        "",                                         "",       ""),
    ("Call mom today or tomorrow",                             "Call mom today or tomorrow", "",                 "",                                         "",       ""),
    ("Submit by end of day",                                   "Submit",                    "2026-11-26T17:00",  "",                                         "",       ""),
    ("Submit eod",                                             "Submit",                    "2026-11-26T17:00",  "",                                         "",       ""),
    ("Submit end of day at 6pm",                               "Submit",                    "2026-11-26T18:00",  "",                                         "",       ""),
    ("Submit end of week",                                     "Submit",                    "2026-11-27",        "",                                         "",       ""),
    ("Pay invoice end of month",                               "Pay invoice",               "2026-11-30",        "",                                         "",       ""),
    ("Pay invoice by the end of the month",                    "Pay invoice",               "2026-11-30",        "",                                         "",       ""),
    ("Plan next week",                                         "Plan",                      "2026-11-30",        "",                                         "",       ""),
    ("Review budget next month",                               "Review budget",             "2026-12-01",        "",                                         "",       ""),
    ("Clean garage this weekend",                              "Clean garage",              "2026-11-28",        "",                                         "",       ""),
    ("Clean garage next weekend",                              "Clean garage",              "2026-12-05",        "",                                         "",       ""),
    ("Go running tomorrow morning",                            "Go running",                "2026-11-27T09:00",  "",                                         "",       ""),
    ("Go running tomorrow evening",                            "Go running",                "2026-11-27T19:00",  "",                                         "",       ""),
    ("Go running this evening",                                "Go running",                "2026-11-26T19:00",  "",                                         "",       ""),
    ("Go running this afternoon #health",                      "Go running",                "2026-11-26T15:00",  "",                                         "",       "health"),
    ("Meeting at 10 tomorrow",                                 "Meeting",                   "2026-11-27T10:00",  "",                                         "",       ""),
    ("Meeting tomorrow at 10",                                 "Meeting",                   "2026-11-27T10:00",  "",                                         "",       ""),
    ("Meeting tmrw 10am",                                      "Meeting",                   "2026-11-27T10:00",  "",                                         "",       ""),
    ("Dinner on saturday at 7pm",                              "Dinner",                    "2026-11-28T19:00",  "",                                         "",       ""),
    ("Dinner sat 7pm",                                         "Dinner",                    "2026-11-28T19:00",  "",                                         "",       ""),
    ("Dinner Saturday 19:30",                                  "Dinner",                    "2026-11-28T19:30",  "",                                         "",       ""),
    ("Flight at 6am on dec 5",                                 "Flight",                    "2026-12-05T06:00",  "",                                         "",       ""),
    ("Flight on dec 5 at 6am",                                 "Flight",                    "2026-12-05T06:00",  "",                                         "",       ""),
    ("Flight dec 5 6:00",                                      "Flight",                    "2026-12-05T06:00",  "",                                         "",       ""),
    ("Call the vet on Monday at 10",                           "Call the vet",              "2026-11-30T10:00",  "",                                         "",       ""),
    ("Dentist on Tuesday 1 Dec at 9:00",                       "Dentist",                   "2026-12-01T09:00",  "",                                         "",       ""),
    ("Submit form on 27/11 at 9am",                            "Submit form",               "2026-11-27T09:00",  "",                                         "",       ""),
    ("Pick up kids at 3:15pm",                                 "Pick up kids",              "2026-11-26T15:15",  "",                                         "",       ""),
    ("Finish homework by 8pm",                                 "Finish homework",           "2026-11-26T20:00",  "",                                         "",       ""),
    ("Lunch 12pm",                                             "Lunch",                     "2026-11-26T12:00",  "",                                         "",       ""),
    ("Alarm 12am",                                             "Alarm",                     "2026-11-27T00:00",  "",                                         "",       ""),
    ("Write report due tomorrow at noon",                      "Write report",              "2026-11-27T12:00",  "",                                         "",       ""),
    ("Buy present for Dec 24",                                 "Buy present",               "2026-12-24",        "",                                         "",       ""),
    ("Call the bank tomorrow",                                 "Call the bank",             "2026-11-27",        "",                                         "",       ""),
    ("Tomorrow call the bank",                                 "call the bank",             "2026-11-27",        "",                                         "",       ""),
    ("tomorrow",                                               "",                          "2026-11-27",        "",                                         "",       ""),
    ("Meet at the cafe at 3pm",                                "Meet at the cafe",          "2026-11-26T15:00",  "",                                         "",       ""),
    ("Call mom at home",                                       "Call mom at home",          "",                  "",                                         "",       ""),
    ("Read 3 chapters",                                        "Read 3 chapters",           "",                  "",                                         "",       ""),
    ("Buy 2 apples",                                           "Buy 2 apples",              "",                  "",                                         "",       ""),
    ("Run 5k",                                                 "Run 5k",                    "",                  "",                                         "",       ""),
    ("Fix the 2nd floor light",                                "Fix the 2nd floor light",   "",                  "",                                         "",       ""),
    ("Buy 3 times table poster",                               "Buy 3 times table poster",  "",                  "",                                         "",       ""),
    ("Stay until friday",                                      "Stay until friday",         "",                  "",                                         "",       ""),
    ("Work until 5pm",                                         "Work",                      "2026-11-26T17:00",  "",                                         "",       ""),
    ("Water plants every day",                                 "Water plants",              "2026-11-26",        "FREQ=DAILY",                               "",       ""),
    ("Water plants daily",                                     "Water plants",              "2026-11-26",        "FREQ=DAILY",                               "",       ""),
    ("Water plants every day at 8am",                          "Water plants",              "2026-11-27T08:00",  "FREQ=DAILY",                               "",       ""),
    ("Water plants every other day",                           "Water plants",              "2026-11-26",        "FREQ=DAILY;INTERVAL=2",                    "",       ""),
    ("Water plants every 3 days",                              "Water plants",              "2026-11-26",        "FREQ=DAILY;INTERVAL=3",                    "",       ""),
    ("Team sync every week",                                   "Team sync",                 "2026-11-26",        "FREQ=WEEKLY",                              "",       ""),
    ("Team sync weekly",                                       "Team sync",                 "2026-11-26",        "FREQ=WEEKLY",                              "",       ""),
    ("Team sync fortnightly",                                  "Team sync",                 "2026-11-26",        "FREQ=WEEKLY;INTERVAL=2",                   "",       ""),
    ("Team sync every monday",                                 "Team sync",                 "2026-11-30",        "FREQ=WEEKLY;BYDAY=MO",                     "",       ""),
    ("Team sync every mon, wed",                               "Team sync",                 "2026-11-30",        "FREQ=WEEKLY;BYDAY=MO,WE",                  "",       ""),
    ("Team sync every monday and wednesday at 10am",           "Team sync",                 "2026-11-30T10:00",  "FREQ=WEEKLY;BYDAY=MO,WE",                  "",       ""),
    ("Team sync every other monday",                           "Team sync",                 "2026-11-30",        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",          "",       ""),
    ("Team sync every 2 weeks",                                "Team sync",                 "2026-11-26",        "FREQ=WEEKLY;INTERVAL=2",                   "",       ""),
    ("Team sync every 2 weeks on friday",                      "Team sync",                 "2026-11-27",        "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",          "",       ""),
    ("Team sync every week on tue, thu",                       "Team sync",                 "2026-11-26",        "FREQ=WEEKLY;BYDAY=TU,TH",                  "",       ""),
    ("Team sync every thursday",                               "Team sync",                 "2026-11-26",        "FREQ=WEEKLY;BYDAY=TH",                     "",       ""),
    ("Team sync every thursday at 9am",                        "Team sync",                 "2026-12-03T09:00",  "FREQ=WEEKLY;BYDAY=TH",                     "",       ""),
    ("Standup every weekday",                                  "Standup",                   "2026-11-26",        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",         "",       ""),
    ("Standup every weekday at 9am",                           "Standup",                   "2026-11-27T09:00",  "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",         "",       ""),
    ("Standup every weekday at 11am",                          "Standup",                   "2026-11-26T11:00",  "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",         "",       ""),
    ("Laundry every weekend",                                  "Laundry",                   "2026-11-28",        "FREQ=WEEKLY;BYDAY=SA,SU",                  "",       ""),
    ("Gym every mon, wed and fri at 7am",                      "Gym",                       "2026-11-27T07:00",  "FREQ=WEEKLY;BYDAY=MO,WE,FR",               "",       ""),
    ("Gym every tue/thu",                                      "Gym",                       "2026-11-26",        "FREQ=WEEKLY;BYDAY=TU,TH",                  "",       ""),
    ("Gym every Monday, Wednesday, Friday",                    "Gym",                       "2026-11-27",        "FREQ=WEEKLY;BYDAY=MO,WE,FR",               "",       ""),
    ("Gym every mondays",                                      "Gym",                       "2026-11-30",        "FREQ=WEEKLY;BYDAY=MO",                     "",       ""),
    ("Pay rent every month",                                   "Pay rent",                  "2026-11-26",        "FREQ=MONTHLY",                             "",       ""),
    ("Pay rent monthly",                                       "Pay rent",                  "2026-11-26",        "FREQ=MONTHLY",                             "",       ""),
    ("Pay rent every month on the 1st",                        "Pay rent",                  "2026-12-01",        "FREQ=MONTHLY;BYMONTHDAY=1",                "",       ""),
    ("Pay rent every month on the 1st at 9am",                 "Pay rent",                  "2026-12-01T09:00",  "FREQ=MONTHLY;BYMONTHDAY=1",                "",       ""),
    ("Pay rent every 15th",                                    "Pay rent",                  "2026-12-15",        "FREQ=MONTHLY;BYMONTHDAY=15",               "",       ""),
    ("Pay rent every 15th of the month",                       "Pay rent",                  "2026-12-15",        "FREQ=MONTHLY;BYMONTHDAY=15",               "",       ""),
    ("Pay rent every 26th",                                    "Pay rent",                  "2026-11-26",        "FREQ=MONTHLY;BYMONTHDAY=26",               "",       ""),
    ("Pay rent every 30th",                                    "Pay rent",                  "2026-11-30",        "FREQ=MONTHLY;BYMONTHDAY=30",               "",       ""),
    ("Pay rent every month on the 31st",                       "Pay rent",                  "2026-12-31",        "FREQ=MONTHLY;BYMONTHDAY=31",               "",       ""),
    ("Pay rent every last day of the month",                   "Pay rent",                  "2026-11-30",        "FREQ=MONTHLY;BYMONTHDAY=-1",               "",       ""),
    ("Pay rent every month on the last day",                   "Pay rent",                  "2026-11-30",        "FREQ=MONTHLY;BYMONTHDAY=-1",               "",       ""),
    ("Pay rent every month on the 1st for 12 times",           "Pay rent",                  "2026-12-01",        "FREQ=MONTHLY;BYMONTHDAY=1;COUNT=12",       "",       ""),
    ("Book club every 2nd tue",                                "Book club",                 "2026-12-08",        "FREQ=MONTHLY;BYDAY=2TU",                   "",       ""),
    ("Book club every last fri",                               "Book club",                 "2026-11-27",        "FREQ=MONTHLY;BYDAY=-1FR",                  "",       ""),
    ("Book club every last friday of the month",               "Book club",                 "2026-11-27",        "FREQ=MONTHLY;BYDAY=-1FR",                  "",       ""),
    ("Book club on the last friday of every month",            "Book club",                 "2026-11-27",        "FREQ=MONTHLY;BYDAY=-1FR",                  "",       ""),
    ("Team lunch on the 2nd tuesday of each month",            "Team lunch",                "2026-12-08",        "FREQ=MONTHLY;BYDAY=2TU",                   "",       ""),
    ("Dentist the 3 of december at 16:30",                     "Dentist",                   "2026-12-03T16:30",  "",                                         "",       ""),
    ("Pay rent the day 1 of every month",                      "Pay rent",                  "2026-12-01",        "FREQ=MONTHLY;BYMONTHDAY=1",                "",       ""),
    ("Book club every first monday",                           "Book club",                 "2026-12-07",        "FREQ=MONTHLY;BYDAY=1MO",                   "",       ""),
    ("Book club every third thursday at 7pm",                  "Book club",                 "2026-12-17T19:00",  "FREQ=MONTHLY;BYDAY=3TH",                   "",       ""),
    ("Book club every month on the 2nd tuesday",               "Book club",                 "2026-12-08",        "FREQ=MONTHLY;BYDAY=2TU",                   "",       ""),
    ("Clean every 2 months",                                   "Clean",                     "2026-11-26",        "FREQ=MONTHLY;INTERVAL=2",                  "",       ""),
    ("Clean every other month on the 15th",                    "Clean",                     "2026-12-15",        "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15",    "",       ""),
    ("Report every 3 months on the 1st",                       "Report",                    "2026-12-01",        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1",     "",       ""),
    ("Quarterly review every 3 months",                        "Quarterly review",          "2026-11-26",        "FREQ=MONTHLY;INTERVAL=3",                  "",       ""),
    ("Renew domain every year",                                "Renew domain",              "2026-11-26",        "FREQ=YEARLY",                              "",       ""),
    ("Renew domain yearly",                                    "Renew domain",              "2026-11-26",        "FREQ=YEARLY",                              "",       ""),
    ("Renew domain annually #admin",                           "Renew domain",              "2026-11-26",        "FREQ=YEARLY",                              "",       "admin"),
    ("Mom's birthday every year on Dec 3",                     "Mom's birthday",            "2026-12-03",        "FREQ=YEARLY",                              "",       ""),
    ("Mom's birthday every Dec 3",                             "Mom's birthday",            "2026-12-03",        "FREQ=YEARLY",                              "",       ""),
    ("Anniversary every 14 feb",                               "Anniversary",               "2027-02-14",        "FREQ=YEARLY",                              "",       ""),
    ("Leap day party every feb 29",                            "Leap day party",            "2028-02-29",        "FREQ=YEARLY",                              "",       ""),
    ("Taxes every year on april 15",                           "Taxes",                     "2027-04-15",        "FREQ=YEARLY",                              "",       ""),
    ("Team sync every monday starting dec 2",                  "Team sync",                 "2026-12-07",        "FREQ=WEEKLY;BYDAY=MO",                     "",       ""),
    ("Pay rent on the 1st every month",                        "Pay rent",                  "2026-12-01",        "FREQ=MONTHLY",                             "",       ""),
    ("Standup every weekday at 9am from next week",            "Standup",                   "2026-11-30T09:00",  "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",         "",       ""),
    ("Water plants every day until dec 31",                    "Water plants",              "2026-11-26",        "FREQ=DAILY;UNTIL=20261231",                "",       ""),
    ("Meds every day at 21:00 until jan 31",                   "Meds",                      "2026-11-26T21:00",  "FREQ=DAILY;UNTIL=20270131",                "",       ""),
    ("Meds every day until 2026-12-31",                        "Meds",                      "2026-11-26",        "FREQ=DAILY;UNTIL=20261231",                "",       ""),
    ("Course every tuesday until dec 15",                      "Course",                    "2026-12-01",        "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215",      "",       ""),
    ("Physio every monday for 6 times",                        "Physio",                    "2026-11-30",        "FREQ=WEEKLY;BYDAY=MO;COUNT=6",             "",       ""),
    ("Physio every monday 6 times",                            "Physio",                    "2026-11-30",        "FREQ=WEEKLY;BYDAY=MO;COUNT=6",             "",       ""),
    ("Pills every day at 8pm for 10 times",                    "Pills",                     "2026-11-26T20:00",  "FREQ=DAILY;COUNT=10",                      "",       ""),
    ("Stretch every morning",                                  "Stretch",                   "2026-11-27T09:00",  "FREQ=DAILY",                               "",       ""),
    ("Journal every evening",                                  "Journal",                   "2026-11-26T19:00",  "FREQ=DAILY",                               "",       ""),
    ("Gym at 6am every monday wednesday and friday",          "Gym",                       "2026-11-27T06:00",  "FREQ=WEEKLY;BYDAY=MO,WE,FR",               "",       ""),
    ("Do laundry tomorrow am",                                "Do laundry",                "2026-11-27T09:00",  "",                                         "",       ""),
    ("Call the garage friday pm",                             "Call the garage",           "2026-11-27T15:00",  "",                                         "",       ""),
    ("Call the dentist at half nine tomorrow",                "Call the dentist",          "2026-11-27T09:30",  "",                                         "",       ""),
    ("Pick up kids at half past three pm",                    "Pick up kids",              "2026-11-26T15:30",  "",                                         "",       ""),
    ("Train leaves at quarter to 6 tomorrow",                 "Train leaves",              "2026-11-27T05:45",  "",                                         "",       ""),
    ("Standup tomorrow at a quarter past ten am",             "Standup",                   "2026-11-27T10:15",  "",                                         "",       ""),
    ("Dinner friday six thirty pm",                           "Dinner",                    "2026-11-27T18:30",  "",                                         "",       ""),
    ("Meet Sam tomorrow at seven o'clock",                    "Meet Sam",                  "2026-11-27T07:00",  "",                                         "",       ""),
    ("Cut the cake in half",                                  "Cut the cake in half",      "",                  "",                                         "",       ""),
    ("Buy a quarter pound of butter",                         "Buy a quarter pound of butter", "",                  "",                                         "",       ""),
    ("Defrost chicken at 8 tomorrow morning",                 "Defrost chicken",           "2026-11-27T08:00",  "",                                         "",       ""),
    ("Call dad at 7 tomorrow evening",                        "Call dad",                  "2026-11-27T19:00",  "",                                         "",       ""),
    ("Call dad tomorrow evening at 7",                        "Call dad",                  "2026-11-27T19:00",  "",                                         "",       ""),
    ("Gym tomorrow morning at 6:30",                          "Gym",                       "2026-11-27T06:30",  "",                                         "",       ""),
    ("Backup the laptop every sunday night",                  "Backup the laptop",         "2026-11-29T21:00",  "FREQ=WEEKLY;BYDAY=SU",                     "",       ""),
    ("Stretch every morning at 7am",                          "Stretch",                   "2026-11-27T07:00",  "FREQ=DAILY",                               "",       ""),
    ("Read every night at 10:30pm",                           "Read",                      "2026-11-26T22:30",  "FREQ=DAILY",                               "",       ""),
    ("Pay rent on the 1st of every month",                    "Pay rent",                  "2026-12-01",        "FREQ=MONTHLY;BYMONTHDAY=1",                "",       ""),
    ("Water plants the 15th of each month",                   "Water plants",              "2026-12-15",        "FREQ=MONTHLY;BYMONTHDAY=15",               "",       ""),
    ("Call grandma tomorrow at six pm",                       "Call grandma",              "2026-11-27T18:00",  "",                                         "",       ""),
    ("Gym friday seven am",                                   "Gym",                       "2026-11-27T07:00",  "",                                         "",       ""),
    ("Steam the team pm notes",                               "Steam the team pm notes",   "",                  "",                                         "",       ""),
    ("Backup every week on sunday at 23:00",                   "Backup",                    "2026-11-29T23:00",  "FREQ=WEEKLY;BYDAY=SU",                     "",       ""),
    ("Visit grandma every sunday at 3pm",                      "Visit grandma",             "2026-11-29T15:00",  "FREQ=WEEKLY;BYDAY=SU",                     "",       ""),
    ("Yoga every weekday at 7:30am #health p3",                "Yoga",                      "2026-11-27T07:30",  "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",         "low",    "health"),
    ("every day",                                              "",                          "2026-11-26",        "FREQ=DAILY",                               "",       ""),
    ("Call mom every hour",                                    "Call mom every hour",       "",                  "",                                         "",       ""),
    ("Call mom every 2 hours",                                 "Call mom every 2 hours",    "",                  "",                                         "",       ""),
    ("Physio every monday for 2000 times",                     "Physio every monday for 2000 times", "",         "",                                         "",       ""),
    ("Pay rent every month on the 1st remind me 1 day before", "Pay rent",                  "2026-12-01",        "FREQ=MONTHLY;BYMONTHDAY=1",                "",       ""),
    ("Dentist tomorrow at 9am remind me 30m before",           "Dentist",                   "2026-11-27T09:00",  "",                                         "",       ""),
    ("Dentist tomorrow at 9am remind me 1 hour before",        "Dentist",                   "2026-11-27T09:00",  "",                                         "",       ""),
    ("Urgent fix p1",                                          "Urgent fix",                "",                  "",                                         "high",   ""),
    ("Fix bug !!!",                                            "Fix bug",                   "",                  "",                                         "high",   ""),
    ("Fix bug !!",                                             "Fix bug",                   "",                  "",                                         "medium", ""),
    ("Fix bug !",                                              "Fix bug",                   "",                  "",                                         "low",    ""),
    ("Fix bug p2",                                             "Fix bug",                   "",                  "",                                         "medium", ""),
    ("Fix bug p3",                                             "Fix bug",                   "",                  "",                                         "low",    ""),
    ("Fix bug P1",                                             "Fix bug",                   "",                  "",                                         "high",   ""),
    ("Buy milk!",                                              "Buy milk!",                 "",                  "",                                         "",       ""),
    ("Ship it !!!",                                            "Ship it",                   "",                  "",                                         "high",   ""),
    ("Fix bug #work",                                          "Fix bug",                   "",                  "",                                         "",       "work"),
    ("Fix bug #Work #urgent",                                  "Fix bug",                   "",                  "",                                         "",       "work urgent"),
    ("#work Fix bug",                                          "Fix bug",                   "",                  "",                                         "",       "work"),
    ("Fix bug #work #work",                                    "Fix bug",                   "",                  "",                                         "",       "work"),
    ("Fix issue #123",                                         "Fix issue #123",            "",                  "",                                         "",       ""),
    ("Fix bug #front-end #v2_release",                         "Fix bug",                   "",                  "",                                         "",       "front-end v2_release"),
    ("Email #team about launch tomorrow p2",                   "Email about launch",        "2026-11-27",        "",                                         "medium", "team"),
    ("Buy milk tomorrow p1 #shopping #errands",                "Buy milk",                  "2026-11-27",        "",                                         "high",   "shopping errands"),
    ("Lunch with Sam tomorrow at 12:30 #social",               "Lunch with Sam",            "2026-11-27T12:30",  "",                                         "",       "social"),
    ("Pay bills on monday p1 #home",                           "Pay bills",                 "2026-11-30",        "",                                         "high",   "home"),
    ("Send invoice in 3 weeks #work",                          "Send invoice",              "2026-12-17",        "",                                         "",       "work"),
    ("Do it now",                                              "Do it now",                 "",                  "",                                         "",       ""),
];

fn now_and_zone() -> (Timestamp, TimeZone) {
    let zone = TimeZone::get("Europe/Berlin").expect("bundled zone");
    let now = zone
        .to_timestamp(date(2026, 11, 26).at(10, 0, 0, 0))
        .expect("valid time");
    (now, zone)
}

#[test]
fn golden_table() {
    let (now, zone) = now_and_zone();
    assert!(GOLDEN.len() >= 200, "{} rows", GOLDEN.len());
    let mut failures = Vec::new();
    for &(line, title, due, repeat, priority, tags) in GOLDEN {
        let got = parse(line, now, &zone);
        let got_due = got.due.map(|d| d.to_local_iso()).unwrap_or_default();
        let got_repeat = got.repeat.as_ref().map(|r| r.to_string()).unwrap_or_default();
        let got_priority = match got.priority {
            Priority::None => "",
            p => p.as_str(),
        };
        let got_tags = got.tags.to_strings().join(" ");
        let row = (
            got.title.as_str(),
            got_due.as_str(),
            got_repeat.as_str(),
            got_priority,
            got_tags.as_str(),
        );
        if row != (title, due, repeat, priority, tags) {
            failures.push(format!(
                "{line:?}\n   want {:?}\n   got  {row:?} {:?}",
                (title, due, repeat, priority, tags),
                got.notes
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        GOLDEN.len(),
        failures.join("\n")
    );
}

#[test]
fn unclear_dates_say_so() {
    let (now, zone) = now_and_zone();
    let note = |line: &str| parse(line, now, &zone).notes.join(" | ");
    assert!(
        note("Party 03/04").contains("could be 3 Apr or 4 Mar"),
        "{}",
        note("Party 03/04")
    );
    assert!(note("Party Nov 31").contains("not a date"));
    assert!(note("Party at 25").contains("not a time"));
    assert!(note("Sunday roast recipe").contains("on Sunday"));
    assert!(note("Call mom every hour").contains("at most daily"));
    assert!(note("Physio every monday for 2000 times").contains("at most 1000"));
    assert!(note("Buy groceries").is_empty());
}

#[test]
fn echo_reads_back_what_was_understood() {
    let (now, zone) = now_and_zone();
    let qa = parse("Pay rent every month on the 1st at 9am p1 #home", now, &zone);
    assert_eq!(
        format!("Added #7 {}", qa.echo(&zone, now)),
        "Added #7 Pay rent — due Tue 1 Dec 09:00 (Europe/Berlin), every month on the 1st, high, #home"
    );
    let qa = parse("Dentist tomorrow at 9am remind me 30m before", now, &zone);
    assert_eq!(
        qa.echo(&zone, now),
        "Dentist — due Fri 27 Nov 09:00 (Europe/Berlin), reminder 30 min before"
    );
    assert_eq!(
        parse("Buy groceries", now, &zone).echo(&zone, now),
        "Buy groceries"
    );
    let qa = parse("Prepare for Monday", now, &zone);
    assert!(
        qa.echo(&zone, now)
            .starts_with("Prepare for Monday\n(\"Monday\" is kept")
    );
    let qa = parse("Water plants every day until dec 31", now, &zone);
    assert_eq!(
        qa.echo(&zone, now),
        "Water plants — due Thu 26 Nov (Europe/Berlin), every day, until 31 Dec 2026"
    );
}

#[test]
fn api_reading_has_the_contract_shape() {
    let (now, zone) = now_and_zone();
    let qa = parse(
        "Pay rent every month on the 1st at 9am p1 #home remind me 1h before",
        now,
        &zone,
    );
    assert_eq!(
        serde_json::to_value(qa.reading(&zone)).unwrap(),
        serde_json::json!({
            "title": "Pay rent",
            "due": "2026-12-01T09:00:00+01:00",
            "priority": "high",
            "tags": ["home"],
            "repeat": "FREQ=MONTHLY;BYMONTHDAY=1",
            "repeat_text": "every month on the 1st",
            "remind_at": "2026-12-01T07:00:00Z",
            "notes": [],
        })
    );
}

/// Arbitrary lines (words from the grammar, numbers, punctuation, non-ASCII)
/// never make the parser panic, and the title only holds words of the line.
#[test]
fn arbitrary_lines_never_panic() {
    const WORDS: &[&str] = &[
        "every",
        "other",
        "day",
        "week",
        "month",
        "year",
        "on",
        "the",
        "1st",
        "31st",
        "last",
        "fri",
        "monday",
        "at",
        "9",
        "9am",
        "14:30",
        "25:99",
        "noon",
        "midnight",
        "tomorrow",
        "today",
        "tonight",
        "in",
        "2",
        "hours",
        "30m",
        "nov",
        "27",
        "2026-11-27",
        "03/04",
        "until",
        "dec",
        "for",
        "times",
        "remind",
        "me",
        "before",
        "p1",
        "!!!",
        "#tag",
        "#",
        "next",
        "this",
        "end",
        "of",
        "and",
        ",",
        "é",
        "日本",
        "🙂",
        "Day",
        "After",
        "Tomorrow",
        "weekday",
        "2nd",
        "tue",
        "15th",
        "a.m.",
        "pm",
        "12",
        "0",
        "-1",
        "(",
        "at9",
        "#1",
        "half",
        "quarter",
        "past",
        "to",
        "six",
        "thirty",
        "o'clock",
        "morning",
        "evening",
        "am",
        "each",
        "a",
        "wednesday",
    ];
    let (now, zone) = now_and_zone();
    let mut seed: u64 = 0x1234_5678_9abc_def1;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..20_000 {
        let n = 1 + (next() % 9) as usize;
        let line: Vec<&str> = (0..n)
            .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
            .collect();
        let line = line.join(" ");
        let qa = parse(&line, now, &zone);
        for w in qa.title.split_whitespace() {
            assert!(line.contains(w), "{line:?} → {:?}", qa.title);
        }
        let _ = crate::time::resolve_when(&line, now, &zone);
        let _ = crate::time::resolve_repeat(&line, now, &zone);
        let _ = crate::time::parse_duration(&line);
        let _ = crate::time::Rule::parse(&line);
    }
}
