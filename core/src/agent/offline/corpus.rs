//! The offline brain's corpus: everyday phrasings, each with the intent and
//! arguments it should produce (`corpus.txt`, the set tuned on, and
//! `held_out.txt`, written after tuning in other styles and never tuned on).
//!
//! Scores (`cargo nextest run -p tasklink-core offline::corpus --no-capture`):
//! corpus before this pass's tuning 188 of 270 (69.6%), after 270 of 270;
//! the held-out set, first run after that tuning: 29 of 67 (43.3%); after a
//! second round of generalisation by kinds (shorthand and slips, symbols,
//! lead-ins and clauses, "it"), which looked at its misses: 62 of 67 (92.5%);
//! a second held-out set written after that round and run once: 57 of 66
//! (86.4%); 58 of 66 (87.9%) after fixing the bug its first miss showed
//! ("add call the vet friday 10am p2" read as a priority change).
//! Round 3 generalised by the kinds behind both sets' misses (see the
//! corpus's round 3 sections): corpus 447 of 447, held-out 67 of 67,
//! held-out 2 66 of 66. Both held-out sets were looked at for round 3, so
//! neither is blind any more; they are regression sets now. A third set
//! written blind by another engineer scored 82 of 93 (88.2%) on its first
//! run; round 4 generalised by the kinds behind its misses (the corpus's
//! round 4 sections, and eight probes of mine after it): corpus 608 of 608,
//! held-out 3 93 of 93 (a regression set now too). A fourth set, written
//! blind in a harder style (afterthoughts, run-ons, abbreviations), scored
//! 84 of 110 (76.4%) on its one run against round 4; round 5 generalised by
//! the kinds behind its misses and eleven probes of its author's own (the
//! corpus's round 5 sections): corpus 844 of 844, held-out 4 109 of 110.
//! Two sets written blind by strangers (phone style; laptop style with
//! context before the request) scored 87 of 94 (92.6%) and 88 of 102
//! (86.3%) on their one run against round 5 (main at `edcf1c6`); round 6
//! generalised by the kinds behind their misses (the corpus's round 6
//! sections): corpus 1090 of 1090, held-out 5 94 of 94, held-out 6 102 of
//! 102. Two more blind sets (retirees, dictation and non-native speakers;
//! teens and managers' clipped notes) scored 79 of 97 (81.4%) and 86 of 94
//! (91.5%) on their one run against round 6; round 7 generalised by the
//! kinds behind their misses and the next sets' personas (number words,
//! tasks named by what they are about, questions, non-native order,
//! corrections, list and thanks forms, clipped dash notes; the corpus's
//! round 7 sections): corpus 1561 of 1561, held-out 7 97 of 97, held-out 8
//! 94 of 94. Two more (parents and shop owners on phones; office workers
//! and students in formal questions) scored 90 of 96 (93.8%) and 66 of 96
//! (68.8%) on their one run against round 7; round 8 generalised by the
//! kinds behind their misses (the bot addressed after a greeting, polite
//! question wrappers, priority and tags said as fields, list filters asked
//! as questions, tasks named by subject in every verb, a reminder asked to
//! wait, a new title wanted, news said as a note, a place the zone table
//! does not know; the corpus's round 8 sections): held-out 9 95 of 96,
//! held-out 10 96 of 96. Two more (a nurse, a teacher, a student, a
//! plumber, a freelancer; a shop manager, a parent, a commuter dictating, a
//! non-native speaker, a writer who tells the story first) scored 87 of 99
//! (87.9%) and 81 of 94 (86.2%) on their one run against round 8; round 9
//! generalised by the kinds behind their misses and three fresh probes of
//! mine in other voices (news of a task done in the passive or with a mark,
//! tick clauses built from their parts, priority and snooze of a task named
//! in a statement, terms of address, titles corrected, a repeat said first,
//! a place said in passing, re- verbs, "remember" without "to", a story
//! before the ask, tasks without a date in any order of words; the corpus's
//! round 9 sections): held-out 11 98 of 99, held-out 12 93 of 94. Four
//! more blind sets by strangers (a nurse, a student, a retired gardener, a
//! plumber; a developer, a teenager, an office manager, a freelancer, a
//! dictating speaker; a restaurant owner, an elderly newcomer, a sales rep,
//! a PhD student, an Indian English writer; a project manager, a gym-goer,
//! a landlord, an Australian tradie, an over-apologiser) scored 74 of 94,
//! 78 of 94, 84 of 95 and 75 of 94 against round 9 (82.5% together); round
//! 10 generalised by the kinds behind their misses and sixteen fresh probes
//! of mine in other voices (thanks or an apology said last, importance in a
//! sentence of its own, a task named by its subject without the kind of
//! job, a tag said before its noun, more add frames, a bare hour read by
//! its context, "for <day>" after a to-do verb, a due in brackets or in a
//! clause of its own, a list after a heading, statements of how a thing is;
//! the corpus's round 10 sections): held-out 13 92 of 94, 14 90 of 94, 15
//! 95 of 95, 16 90 of 94. Four more blind sets by strangers (a night
//! nurse, a retired engineer, a teenager; a small-business owner, a formal
//! German writer, a parent with emoji; a rambling student, an
//! Australian tradesman, an executive assistant; an elderly newcomer, a
//! terse developer, an Indian English freelancer) scored 95 of 95, 85 of
//! 94, 78 of 94 and 68 of 94 against round 10; round 11 generalised by the
//! kinds behind their misses with probes of mine in new wording for each
//! kind (the corpus's round 11 sections): held-out 17 95 of 95, 18 93 of
//! 94, 19 93 of 94, 20 90 of 94. Four more blind sets by strangers in
//! harder voices (a hospital pharmacist, a retired bus driver, a student
//! with emoji; a Spanish speaker, a clipped founder, a grandmother writing
//! letters; a Scots electrician, a wordy lawyer, a parent dictating with
//! fillers; a call-centre agent in Taglish, a shell user, a baker who tells
//! her day first) scored 67 of
//! 98, 50 of 96, 45 of 97 and 48 of 95 against round 11 (main at
//! `ba32ba7`); round 12 worked by structure rather than by sentence: one
//! pass driven by tables for fillers, Scots and Taglish words and
//! text-speak; an order said last about what came before, read from its
//! parts; a letter's sign-off; an edit's evidence (a task named by number
//! with one edit's words) when the grammar reads a new task or nothing;
//! fields and levels said in clauses of their own; shell command lines;
//! zones by country or adjective; quick add's monthly weekdays and dates
//! after "the" (the corpus's round 12 sections): held-out 25 89 of 98, 26
//! 86 of 96, 27 79 of 97, 28 79 of 95. Four more blind sets by strangers
//! (a teacher marking late, a Nigerian entrepreneur, a delivery driver; an
//! anxious new employee, a French architect, a gamer; an Irish farmer, a
//! Japanese office worker, a personal trainer; a sysadmin on call, a
//! retired librarian, a busy mum) scored 69 of 96, 69 of 96, 75 of 98 and
//! 70 of 96 against round 12 (main at `3a74c58`); round 13 tuned on sets
//! 29 and 30 first and measured 31 and 32 before looking at them (76 of 98
//! and 71 of 96: one line each gained, the honest estimate of a fresh
//! gain), then tuned on all four by kinds: frames of being reminded, a
//! repeat adjective first, "the 4th one" as task 4 (as `fresh/FORMAT.md`
//! tells writers), an ask to add "it" after a question or with its purpose
//! said, sentences after the request that only tell or apologise, a
//! reminder asked again after a putting-off, "then" as the time said
//! before, a name without its frame, a greeting or thanks with chat, a new
//! time said of a task with a word of change, a level shifted with "bump …
//! down", renames by an arrow, headlines of news with a tick or relief,
//! zones by a place said with the clock, help asked about commands,
//! importance said first or run on into its reason (the corpus's round 13
//! sections): held-out 29 86 of 96, 30 89 of 96, 31 93 of 98, 32 85 of 96.
//! Round 14 tuned on sets 33-36 (83, 86, 69, 50 against round 13) by
//! kinds, not sentences: command, date and level words whose spelling
//! wanders, matched against the brain's own keywords (one edit, two in a
//! word of eight letters or more, the first letter kept, English words
//! near a keyword left alone); learners' word orders (the verb said last,
//! "I must the plants water"; an event told after its time, "tomorrow at
//! 8:30 I have the appointment"); a level said first before a to-do; a
//! reason said after a task without a comma ("… its her birthday"); closing
//! asides ("do the needful"); a place as the longest start of its clause
//! the zone table knows; thanks in other languages; a tick said without its
//! "off"; a time between "again" and what it is about; renames by "as" and
//! by "for" between quoted titles (the corpus's round 14 sections):
//! held-out 33 87 of 96, 34 92 of 96, 35 83 of 96, 36 73 of 94.
//! Round 15 tuned on sets 37-40 (69, 54, 70, 59 against round 14) by
//! kinds, each with new corpus lines in other wordings: dates said in
//! words ("december fifteenth", "the 3rd of december", "Friday, 4
//! December") and hours with a part of the day; dictated tags ("hashtag
//! work") and marks ("europe slash berlin"); where a new task's title ends
//! before chat said after it (its time and level kept, checked by quick
//! add); labels, adverbs and levels left around a title ("Add for me: …",
//! "with medium priority"); pleasantries after a greeting; a field's noun
//! or a number's own noun before a task ("the date of …", "job 12"); a
//! field removed from a task ("remove priority from …"); a snooze's span
//! before an aside; asking whether anything was written about a thing;
//! a place said with a verb of being there and its zone pointed at (the
//! corpus's round 15 sections): held-out 37 81 of 95, 38 70 of 95, 39 79
//! of 96, 40 74 of 95.
//! Round 16 tuned on sets 41-44 (79, 72, 83, 81 against round 15) by
//! kinds, each with new corpus lines in other wordings: punctuation said
//! aloud by someone dictating ("comma", "period", "colon" after a label)
//! and hours misheard as words ("at for pm"); news of a task done in the
//! passive with a complement ("was sent to Sarah", "were posted"), a
//! person contacted by name ("texted maddie"), a headline before "done";
//! which-task leads around a name ("the task of the …", "the reminder
//! regarding the …"); yeses and calls said first ("ya", "oi", "mate");
//! meetings arranged ("set up a recurring 1:1 with …"); reminders wished
//! for as a help; learners' "must to"; a day of the month said with its
//! repeat ("on the first of every month"); a place's time one is on
//! inside a message, travel said first with the times pointed at;
//! "instead" after a new title; slang verbs of a date pushed ("slip",
//! "punt"); chat said straight after a time without a separator ("… by
//! sunday its due"); a snooze's span asked for with "give us" (the
//! corpus's round 16 sections): held-out 41 85 of 95, 42 84 of 95, 43 84
//! of 94, 44 86 of 95.
//! Round 17 tuned on sets 45-52 (72, 73, 68, 59 against round 16; 49-52,
//! written at stop 20, 73, 88, 88, 76 against round 16 with stop 20's
//! list reading: lists asked by a date or a priority show the open tasks)
//! in two parts at once, new tasks and everything else, each kind with
//! corpus lines in other wordings (the corpus's round 17 sections): a
//! message in capitals keeps its dates (quick add's names need lower-case
//! letters); any doing verb starts a bare task; chat after a task that asks
//! to write it down, in any language, reasons, brackets, laughs; a time or a
//! level said before the lead; frames and labels before a title; a month's
//! weekday and "until friday"; a task named first, then an edit without its
//! object (`topic_first.rs`); names and new titles that end where chat
//! starts (`name_end.rs`, `title_end.rs`); an edit then chat; greetings in
//! dialects; lists asked as headings; "later" said first; a move to a
//! level; opinions asked as chat: held-out 45-52 701 of 763 (from 602).
//! Four sets written blind before round 17 began (53-56) scored 260 of 385
//! against round 16 and 271 against round 17.
//! Round 18 tuned on sets 53-56 the same way, in two parts (the corpus's
//! round 18 sections): dialect and second-language words read as English
//! (Spanglish dates, needs and edit verbs; Singlish particles and "liao";
//! Yorkshire "t'", "owt", "summat"), a level said alone after a task,
//! impersonal duties ("it is essential that I …"), chat after a task's time,
//! house numbers that are no times, "!!" and emoji beside a time, a
//! statement then "remind me to <verb> it"; done said with "already", a
//! reminder asked again after a busy clause, questions about the bot in a
//! learner's order, a thing no longer needed then "delete it", zones by a
//! people's or region's time ("Polish time", "central time") or by where
//! one's office is, a new date said as the task's state ("vat return is
//! friday now not today", "audit -> Dec 4"), a quoted title after "should
//! be": held-out 53-56 349 of 385 (from 271). Four sets written blind
//! while round 18 was tuned (57-60) scored 281 of 382 against round 16,
//! 292 against round 17 and 303 against round 18.
//! A blind set kept outside the repository is scored with `OFFLINE_CORPUS`
//! (see `any_file`).

use jiff::{Timestamp, civil::date, tz::TimeZone};

use super::{Intent, Target, parse};
use crate::{
    agent::tools::ListFilter,
    quickadd,
    tasks::{Priority, Tag, TaskFilter},
    time::{self, DueFilter},
};

const CORPUS: &str = include_str!("corpus.txt");
const HELD_OUT: &str = include_str!("held_out.txt");
const HELD_OUT_2: &str = include_str!("held_out_2.txt");
const HELD_OUT_3: &str = include_str!("held_out_3.txt");
const HELD_OUT_4: &str = include_str!("held_out_4.txt");
const HELD_OUT_5: &str = include_str!("held_out_5.txt");
const HELD_OUT_6: &str = include_str!("held_out_6.txt");
const HELD_OUT_7: &str = include_str!("held_out_7.txt");
const HELD_OUT_8: &str = include_str!("held_out_8.txt");
const HELD_OUT_9: &str = include_str!("held_out_9.txt");
const HELD_OUT_10: &str = include_str!("held_out_10.txt");
const HELD_OUT_11: &str = include_str!("held_out_11.txt");
const HELD_OUT_12: &str = include_str!("held_out_12.txt");
const HELD_OUT_13: &str = include_str!("held_out_13.txt");
const HELD_OUT_14: &str = include_str!("held_out_14.txt");
const HELD_OUT_15: &str = include_str!("held_out_15.txt");
const HELD_OUT_16: &str = include_str!("held_out_16.txt");
const HELD_OUT_17: &str = include_str!("held_out_17.txt");
const HELD_OUT_18: &str = include_str!("held_out_18.txt");
const HELD_OUT_19: &str = include_str!("held_out_19.txt");
const HELD_OUT_20: &str = include_str!("held_out_20.txt");
const HELD_OUT_25: &str = include_str!("held_out_25.txt");
const HELD_OUT_26: &str = include_str!("held_out_26.txt");
const HELD_OUT_27: &str = include_str!("held_out_27.txt");
const HELD_OUT_28: &str = include_str!("held_out_28.txt");
const HELD_OUT_29: &str = include_str!("held_out_29.txt");
const HELD_OUT_30: &str = include_str!("held_out_30.txt");
const HELD_OUT_31: &str = include_str!("held_out_31.txt");
const HELD_OUT_32: &str = include_str!("held_out_32.txt");
const HELD_OUT_33: &str = include_str!("held_out_33.txt");
const HELD_OUT_34: &str = include_str!("held_out_34.txt");
const HELD_OUT_35: &str = include_str!("held_out_35.txt");
const HELD_OUT_36: &str = include_str!("held_out_36.txt");
const HELD_OUT_37: &str = include_str!("held_out_37.txt");
const HELD_OUT_38: &str = include_str!("held_out_38.txt");
const HELD_OUT_39: &str = include_str!("held_out_39.txt");
const HELD_OUT_40: &str = include_str!("held_out_40.txt");
const HELD_OUT_41: &str = include_str!("held_out_41.txt");
const HELD_OUT_42: &str = include_str!("held_out_42.txt");
const HELD_OUT_43: &str = include_str!("held_out_43.txt");
const HELD_OUT_44: &str = include_str!("held_out_44.txt");
const HELD_OUT_45: &str = include_str!("held_out_45.txt");
const HELD_OUT_46: &str = include_str!("held_out_46.txt");
const HELD_OUT_47: &str = include_str!("held_out_47.txt");
const HELD_OUT_48: &str = include_str!("held_out_48.txt");
const HELD_OUT_49: &str = include_str!("held_out_49.txt");
const HELD_OUT_50: &str = include_str!("held_out_50.txt");
const HELD_OUT_51: &str = include_str!("held_out_51.txt");
const HELD_OUT_52: &str = include_str!("held_out_52.txt");
const HELD_OUT_53: &str = include_str!("held_out_53.txt");
const HELD_OUT_54: &str = include_str!("held_out_54.txt");
const HELD_OUT_55: &str = include_str!("held_out_55.txt");
const HELD_OUT_56: &str = include_str!("held_out_56.txt");

/// What the held-out sets scored (floors; they may only go up, except where
/// a deliberate change of reading costs an old set lines that newer sets
/// gain: since stop 20 a list asked by when or how important, "show high
/// priority tasks", "which tasks have no due date", shows the open tasks, as
/// the writers of sets 17 to 48 expect two to one, where the writers of sets
/// 1 to 16 mostly expected all; that lowered the floors of sets 1 and 3 to
/// 16 by one or two lines each). The first
/// was run after tuning on the corpus, then looked at for a second round of
/// generalisation; the second was written after that round and run once,
/// then looked at for the third round. Both pass in full now.
const HELD_OUT_FLOOR_PERCENT: usize = 98;
const HELD_OUT_2_FLOOR_PERCENT: usize = 100;
/// The third set, written blind by another engineer, scored 88.2% on its
/// first run (against round 3); round 4 generalised by the kinds behind its
/// misses and it passes in full, so it is a regression set now.
const HELD_OUT_3_FLOOR_PERCENT: usize = 97;
/// The fourth set, written blind in a harder style, scored 76.4% on its one
/// blind run (against round 4); round 5 generalised by the kinds behind its
/// misses and it scores 109 of 110 (the miss: an emoji inside a title, which
/// held-out 1 expects kept), so it is a regression set now.
const HELD_OUT_4_FLOOR_PERCENT: usize = 98;
/// The fifth and sixth sets, written blind by strangers (phone style; laptop
/// style with context before the request), scored 87 of 94 (92.6%) and 88 of
/// 102 (86.3%) on their one blind run (against round 5, main at `edcf1c6`);
/// round 6 generalised by the kinds behind their misses, so they are
/// regression sets now.
const HELD_OUT_5_FLOOR_PERCENT: usize = 98;
const HELD_OUT_6_FLOOR_PERCENT: usize = 98;
/// The seventh and eighth sets, written blind by strangers (retirees, voice
/// dictation and non-native speakers; teens in chat apps and managers'
/// clipped notes), scored 79 of 97 (81.4%) and 86 of 94 (91.5%) on their one
/// blind run (against round 6); round 7 generalised by the kinds behind their
/// misses, so they are regression sets now.
const HELD_OUT_7_FLOOR_PERCENT: usize = 98;
const HELD_OUT_8_FLOOR_PERCENT: usize = 98;
/// The ninth and tenth sets, written blind by strangers (parents and shop
/// owners on phones; office workers and students in formal questions),
/// scored 90 of 96 (93.8%) and 66 of 96 (68.8%) on their one blind run
/// (against round 7, main at `01241f0`; 73 of 96 for set 10 with its "my"
/// edits); round 8 generalised by the kinds
/// behind their misses, so they are regression sets now: 95 of 96 (the
/// miss: "the mrs patel quote" read as named in full, where the set expects
/// "mrs patel") and 96 of 96.
const HELD_OUT_9_FLOOR_PERCENT: usize = 97;
const HELD_OUT_10_FLOOR_PERCENT: usize = 100;
/// The eleventh and twelfth sets, written blind by strangers (a shift
/// nurse, a retired teacher, a student, a plumber, a freelancer; a shop
/// manager, a parent, a commuter dictating, a non-native speaker and a
/// writer who tells the story first), scored 87 of 99 (87.9%) and 81 of 94 (86.2%) on their one
/// blind run (against round 8, main at `c1178f1`); round 9 generalised by
/// the kinds behind their misses, so they are regression sets now: 98 of
/// 99 (the miss: "the registration renewal" named by its noun, where the
/// set expects "registration") and 93 of 94 (the miss: "book the boiler
/// inspection for monday", where the quick-add keeps "for Monday" in the
/// title by design and the set expects it as the due).
const HELD_OUT_11_FLOOR_PERCENT: usize = 97;
/// Round 10 read "for <day>" after a to-do verb as the due: 94 of 94.
const HELD_OUT_12_FLOOR_PERCENT: usize = 100;
/// The thirteenth to sixteenth sets, written blind by strangers (personas in
/// each file's first lines), scored 74 of 94, 78 of 94, 84 of 95 and 75 of
/// 94 on their one blind run (against round 9, main at `4cbe8c0`); round 10
/// generalised by the kinds behind their misses, so they are regression sets
/// now (13 is 92 of 94 after a gerund title was read as its verb). Left as
/// arguable: "got the seed potatoes" as news, a plural named as the singular
/// ("the tomatoes" → "tomato"), "cleaned my room" named with its verb,
/// "rent from flat A" without "from", a name's kind of job the earlier sets
/// keep ("the podcast invoice", "the insurance renewal", "the ute service",
/// "the smoke alarm check" against set 7's "passport renewal", set 15's
/// "freezer check"), a parenthesis inside news of a call ("rung the bank
/// about the mortgage" → "mortgage").
const HELD_OUT_13_FLOOR_PERCENT: usize = 96;
const HELD_OUT_14_FLOOR_PERCENT: usize = 94;
const HELD_OUT_15_FLOOR_PERCENT: usize = 97;
const HELD_OUT_16_FLOOR_PERCENT: usize = 94;
/// The seventeenth to twentieth sets, written blind by strangers (personas
/// in each file's first lines), scored 95 of 95, 85 of 94, 78 of 94 and 68
/// of 94 against round 10 (main at `46442c9`); round 11 generalised by the
/// kinds behind their misses, so they are regression sets now. Left as
/// arguable, each against what earlier sets expect: a name's kind of job
/// ("the insurance renewal" → "insurance") and a gerund in a name ("the
/// lease signing" → "lease"; the corpus keeps "flight booking", "lawn
/// mowing"), "remind me about the hairdresser" without its article (the
/// corpus keeps "the parcel"), and "I posted the
/// birthday card to Margaret" as done (the corpus keeps "i paid the rent"
/// as talk).
const HELD_OUT_17_FLOOR_PERCENT: usize = 97;
const HELD_OUT_18_FLOOR_PERCENT: usize = 96;
const HELD_OUT_19_FLOOR_PERCENT: usize = 97;
const HELD_OUT_20_FLOOR_PERCENT: usize = 97;
/// The twenty-fifth to twenty-eighth sets, written blind by strangers in
/// harder voices (personas in each file's first lines), scored 67 of 98, 50
/// of 96, 45 of 97 and 48 of 95 against round 11 (main at `ba32ba7`);
/// round 12 generalised by structure (see the module's history), so they
/// are regression sets now. Left as arguable, each against what earlier
/// sets expect: a position on the list as a task's number ("the 2nd item",
/// "the fourth item", "the 2nd one"; the corpus asks back since round 4), a
/// name's kind of job or its extent ("gallaghers invoice", "rewire quote",
/// "consumer unit job", "trust account reconciliation", "Henderson lease",
/// "flour supplier", "birthday card to Lucy", "the cakes" for "cake",
/// "clearing the gutters"), an article kept ("the church bake sale"; the
/// corpus keeps "the parcel"), the tasks without a date and the low ones
/// as the open ones (the corpus lists all), a statement rewritten as its
/// verb ("the plants need watering" → "water the plants"), British "half
/// 5" as 17:30 (quick add reads a bare hour as said), and talk told as news
/// or with its place said before ("sold out of ensaymada by 9 today", "set
/// my clock to their time").
/// Round 13 raised them to 91, 90, 82 and 84 (90, 87, 80 and 80 lines);
/// round 14 raised 25's to 92 (91 lines).
const HELD_OUT_25_FLOOR_PERCENT: usize = 92;
const HELD_OUT_26_FLOOR_PERCENT: usize = 93;
const HELD_OUT_27_FLOOR_PERCENT: usize = 84;
const HELD_OUT_28_FLOOR_PERCENT: usize = 84;
/// The twenty-ninth to thirty-second sets, written blind by strangers from
/// `fresh/FORMAT.md` (personas in each file's first lines), scored 69 of
/// 96, 69 of 96, 75 of 98 and 70 of 96 against round 12 (main at
/// `3a74c58`); round 13 generalised by the kinds behind their misses (31
/// and 32 were measured before they were looked at: 76 and 71), so they are
/// regression sets now. Left as arguable, each against what earlier sets
/// or the corpus expect: filtered lists as the open ones ("the high
/// priority stuff", "tasks with no date", "the work tag"; earlier sets
/// list all as often), a name's kind of job ("accountant call", "fabric
/// order", "supplier call", "grocery order" kept, where "gate job",
/// "postgres upgrade", "library card renewal", "hotel booking
/// confirmation", "security policy reading" are cut; the corpus cuts "call"
/// and "order" and keeps a gerund), a possessive in a name ("Sarah's meal
/// plan"), "I did the timesheet" as news (the corpus keeps "i paid the
/// rent" as talk), a time told as a story ("lunch break call mum"), talk
/// that reads as a dated task ("traffic on the A40 is mad today", "write a
/// report comment for a student"), "renew it" for a thing said before
/// without its "my", "monthly" in a title (quick add reads it as the
/// repeat), a search asked as a question of the past ("have I already
/// written down something about the permit").
const HELD_OUT_29_FLOOR_PERCENT: usize = 93;
const HELD_OUT_30_FLOOR_PERCENT: usize = 94;
const HELD_OUT_31_FLOOR_PERCENT: usize = 95;
const HELD_OUT_32_FLOOR_PERCENT: usize = 90;
/// The thirty-third to thirty-sixth sets, written blind by strangers from
/// `fresh/FORMAT.md` (personas in each file's first lines), scored 83 of
/// 96, 86 of 96, 69 of 96 and 50 of 94 against round 13 (main at
/// `e5de6ac`); round 14 generalised by the kinds behind their misses
/// (wandering spelling of the brain's own keywords, learners' word orders,
/// reasons and closing asides said without a comma, places said with chat
/// after them), so they are regression sets now: 87, 92, 83 and 73. Left as
/// arguable or not reached: filtered lists as the open ones (six lines
/// here; 34 of 39 such lines in sets 25-36 expect the open ones, while
/// sets 1-20 and the corpus expect all: a decision for the lead), a name's
/// kind of job ("fence job", "chem studying", "client call" cut to
/// "client"), news of a task done without a subject ("got the
/// perscription", "gave the vitamin D drops finally"), a new due told as
/// news ("kids flu shots got moved to dec 10", "the deep clean kitchen goes
/// to Dec 9"), a topic said before a modal ("The Bürgeramt I must move to
/// …"), a snooze asked with "remember me" or "hit me", zones said by a
/// region ("farm's in Iowa", "IST"). Round 15 raised 35's to 87 and 36's
/// to 78 (84 and 74 lines).
const HELD_OUT_33_FLOOR_PERCENT: usize = 91;
const HELD_OUT_34_FLOOR_PERCENT: usize = 96;
const HELD_OUT_35_FLOOR_PERCENT: usize = 90;
const HELD_OUT_36_FLOOR_PERCENT: usize = 82;
/// The thirty-seventh to fortieth sets, written blind by strangers from
/// `fresh/FORMAT.md` at stop 18 (personas in each file's first lines),
/// scored 69 of 95, 54 of 95, 70 of 96 and 59 of 95 against round 14
/// (main at `ee0eeb5`); round 15 generalised by the kinds behind their
/// misses (see the module's notes), so they are regression sets now: 81,
/// 70, 79 and 74. Left as arguable or not reached: filtered lists as the
/// open ones (eight lines here: "read me my high priority tasks" expects
/// the open ones; DESIGN.md's filtered lists are all, kept); titles
/// without "my", "the" or "his" (sets 39 and 40 drop them, sets 37 and 38
/// keep them: about ten lines); a name shorter than the words said ("ranked
/// grind thing" as "~ranked", "kanji study" as "~kanji", "Okafor matter"
/// for "the task concerning the issuance of proceedings"); news of a task
/// done without a verb that says so ("millers quote sent", "The tyres,
/// it's controlled"); a new due or level told after the task's topic ("the
/// grandma call, can we do it tomorrow instead", "knife roll low"); zones
/// by their abbreviation ("WAT").
const HELD_OUT_37_FLOOR_PERCENT: usize = 88;
const HELD_OUT_38_FLOOR_PERCENT: usize = 76;
const HELD_OUT_39_FLOOR_PERCENT: usize = 84;
const HELD_OUT_40_FLOOR_PERCENT: usize = 80;
/// The forty-first to forty-fourth sets, written blind by strangers from
/// `fresh/FORMAT.md` at stop 19 (personas in each file's first lines),
/// scored 79 of 95, 72 of 95, 83 of 94 and 81 of 95 against round 15
/// (main at `adc69fe`); round 16 generalised by the kinds behind their
/// misses (see the module's notes), so they are regression sets now: 85,
/// 84, 84 and 86. Left as arguable or not reached: filtered and bare
/// lists as the open ones ("which tasks are high priority", "urgent
/// stuff?", "todo?", "read me my list": DESIGN.md's lists are all, kept);
/// a name shorter or longer than the words said ("the insurance renewal"
/// as "~insurance", "the RAID log update" as "~RAID log", "the retro room
/// booking" as "~retro"); "schedule" kept in some titles and dropped in
/// others; "postpone the reminder …" as a snooze, not a move; a new title
/// said with "should say" after a bare name ("call pharmacy should say
/// …"); a new task told as fields ("Title: … Date: … Time: …").
const HELD_OUT_41_FLOOR_PERCENT: usize = 89;
const HELD_OUT_42_FLOOR_PERCENT: usize = 89;
const HELD_OUT_43_FLOOR_PERCENT: usize = 91;
const HELD_OUT_44_FLOOR_PERCENT: usize = 91;
/// Sets 45-48 (written blind at stop 19, scored against round 15 at 72,
/// 70, 68 and 58 and against round 16 at 72, 73, 68 and 59) and 49-52
/// (written blind at stop 20, scored against round 16 with stop 20's list
/// reading at 73, 88, 88 and 76) were tuned on together in round 17, by two
/// helpers splitting the sections (new tasks; everything else): 602 of 763
/// before, 701 after, so they are regression sets now. Left as arguable: a
/// name longer or shorter than the words said ("the acct 5521 ticket" as
/// "~acct 5521", "the conference registration" as "~conference"), "my" kept
/// before a title, "wk" kept in a title where shorthand says "week", a
/// title's words reordered ("library book return" as "return library
/// book"), a tag list the writer expects open ("show my work tasks"), and
/// a task's object named in the sentence before ("… call him that day").
const HELD_OUT_45_FLOOR_PERCENT: usize = 92;
const HELD_OUT_46_FLOOR_PERCENT: usize = 90;
const HELD_OUT_47_FLOOR_PERCENT: usize = 90;
const HELD_OUT_48_FLOOR_PERCENT: usize = 89;
const HELD_OUT_49_FLOOR_PERCENT: usize = 91;
const HELD_OUT_50_FLOOR_PERCENT: usize = 97;
const HELD_OUT_51_FLOOR_PERCENT: usize = 97;
const HELD_OUT_52_FLOOR_PERCENT: usize = 89;
/// Sets 53-56 (written blind at stop 20 before round 17; 58, 82, 54, 66
/// against round 16 and 61, 83, 58, 69 against round 17) were tuned on in
/// round 18, split the same way: 271 of 385 before, 349 after. Left as
/// arguable: a name longer or shorter than the words said ("Mrs Hargreaves
/// tap" as "~Mrs Hargreaves"), "my" or "me" a writer dropped from one title
/// and kept in others, a tag list the writer expects open, and a title whose
/// words quick add reads as a repeat ("weekly shipment report").
const HELD_OUT_53_FLOOR_PERCENT: usize = 88;
const HELD_OUT_54_FLOOR_PERCENT: usize = 97;
const HELD_OUT_55_FLOOR_PERCENT: usize = 86;
const HELD_OUT_56_FLOOR_PERCENT: usize = 89;

fn now_and_zone() -> (Timestamp, TimeZone) {
    let zone = TimeZone::get("Europe/Berlin").expect("bundled zone");
    let now = zone
        .to_timestamp(date(2026, 11, 26).at(10, 0, 0, 0))
        .expect("valid time");
    (now, zone)
}

/// The parts of a quick-add line that matter: title (any case), due, repeat, priority, tags.
fn reading(line: &str) -> (String, String, String, Priority, String) {
    let (now, zone) = now_and_zone();
    let q = quickadd::parse(line, now, &zone);
    (
        q.title.to_lowercase(),
        q.due.map(|d| d.to_local_iso()).unwrap_or_default(),
        q.repeat.map(|r| r.to_string()).unwrap_or_default(),
        q.priority,
        q.tags.to_strings().join(" "),
    )
}

fn target_matches(got: &Target, want: &str) -> bool {
    match (got, want.strip_prefix('~')) {
        (Target::Named(name), Some(words)) => name.eq_ignore_ascii_case(words),
        (Target::Number(n), None) => n == want,
        _ => false,
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The instant a `due`/`until` text means, as the tools read it: a duration
/// from now, or a time phrase.
fn instant(text: &str) -> Option<Timestamp> {
    let (now, zone) = now_and_zone();
    if let Ok(span) = time::parse_duration(text) {
        return now.checked_add(span).ok();
    }
    time::resolve_when(text, now, &zone)
        .ok()
        .map(|d| d.instant(&zone))
}

/// Two time texts mean the same: the same words, or the same instant.
fn same_time(a: &str, b: &str) -> bool {
    same(a, b) || instant(a).is_some_and(|x| Some(x) == instant(b))
}

fn list_matches(got: &ListFilter, want: &str) -> bool {
    let mut expected = ListFilter::default();
    let (words, query) = match want.split_once("q=") {
        Some((w, q)) => (w, Some(q.trim().to_lowercase())),
        None => (want, None),
    };
    for word in words.split_whitespace() {
        match word {
            "all" => expected.status = TaskFilter::All,
            "pending" => expected.status = TaskFilter::Pending,
            "completed" => expected.status = TaskFilter::Completed,
            "today" => expected.due = Some(DueFilter::Today),
            "tomorrow" => expected.due = Some(DueFilter::Tomorrow),
            "overdue" => expected.due = Some(DueFilter::Overdue),
            "week" => expected.due = Some(DueFilter::Week),
            "nodue" => expected.due = Some(DueFilter::None),
            w if w.starts_with('#') => expected.tag = Some(Tag::parse(&w[1..]).expect("tag")),
            w => expected.priority = Some(Priority::parse(w).expect("list word")),
        }
    }
    got.status == expected.status
        && got.due == expected.due
        && got.tag == expected.tag
        && got.priority == expected.priority
        && got.query.as_deref().map(str::to_lowercase) == query
}

/// Whether the intent is what the expectation column says.
fn matches(got: &Intent, want: &str) -> bool {
    let (kind, rest) = want.split_once(' ').unwrap_or((want, ""));
    let pair = || {
        let (a, b) = rest.split_once('|').expect("`<ref> | <text>`");
        (a.trim(), b.trim())
    };
    match (kind, got) {
        ("add", Intent::Add(line)) => reading(line) == reading(rest),
        ("list", Intent::List(filter)) => list_matches(filter, rest),
        ("done", Intent::Complete(t)) | ("delete", Intent::Delete(t)) => target_matches(t, rest),
        ("rename", Intent::Rename(t, title)) => {
            let (r, want) = pair();
            target_matches(t, r) && same(title, want)
        }
        ("move", Intent::Move(t, when)) | ("snooze", Intent::Snooze(t, when)) => {
            let (r, want) = pair();
            target_matches(t, r) && same_time(when, want)
        }
        ("priority", Intent::SetPriority(t, p)) => {
            let (r, level) = rest.rsplit_once(' ').expect("`<ref> <level>`");
            target_matches(t, r) && *p == Priority::parse(level).expect("level")
        }
        // A zone said by its place or by its name: the same zone either way.
        ("zone", Intent::SetZone(place)) => {
            same(place, rest)
                || time::parse_zone(place)
                    .is_ok_and(|z| time::parse_zone(rest).is_ok_and(|w| z.iana_name() == w.iana_name()))
        }
        ("help", Intent::Help) | ("greeting", Intent::Greeting) | ("unknown", Intent::Unknown) => true,
        _ => false,
    }
}

struct Score {
    passed: usize,
    total: usize,
    misses: Vec<String>,
}

fn score(text: &str) -> Score {
    let mut s = Score {
        passed: 0,
        total: 0,
        misses: Vec::new(),
    };
    let mut section = "";
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            section = name;
            continue;
        }
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (phrase, want) = line.rsplit_once(" => ").expect("`phrase => expectation`");
        s.total += 1;
        let got = parse(phrase);
        if matches(&got, want.trim()) {
            s.passed += 1;
        } else {
            let detail = match &got {
                Intent::Add(line) => format!(
                    "\n    reads {:?} vs {:?}",
                    reading(line),
                    reading(want.trim().trim_start_matches("add "))
                ),
                _ => String::new(),
            };
            s.misses.push(format!(
                "[{section}] {phrase:?}\n    want {want}\n    got  {got:?}{detail}"
            ));
        }
    }
    s
}

fn report(name: &str, s: &Score) -> usize {
    let percent = s.passed * 100 / s.total;
    println!(
        "offline brain, {name}: {} of {} ({:.1}%)",
        s.passed,
        s.total,
        s.passed as f64 * 100.0 / s.total as f64
    );
    for miss in &s.misses {
        println!("  {miss}");
    }
    percent
}

#[test]
fn corpus_every_line() {
    let s = score(CORPUS);
    assert!(s.total >= 200, "{} lines", s.total);
    report("corpus", &s);
    assert!(
        s.misses.is_empty(),
        "{} of {} lines miss:\n{}",
        s.misses.len(),
        s.total,
        s.misses.join("\n")
    );
}

/// Every held-out set with the least it may score (percent) and the fewest
/// lines it must have; adding a set is one line here.
const HELD_OUT_SETS: &[(&str, &str, usize, usize)] = &[
    ("held-out", HELD_OUT, HELD_OUT_FLOOR_PERCENT, 60),
    ("held-out 2", HELD_OUT_2, HELD_OUT_2_FLOOR_PERCENT, 60),
    ("held-out 3", HELD_OUT_3, HELD_OUT_3_FLOOR_PERCENT, 90),
    ("held-out 4", HELD_OUT_4, HELD_OUT_4_FLOOR_PERCENT, 100),
    ("held-out 5", HELD_OUT_5, HELD_OUT_5_FLOOR_PERCENT, 90),
    ("held-out 6", HELD_OUT_6, HELD_OUT_6_FLOOR_PERCENT, 100),
    ("held-out 7", HELD_OUT_7, HELD_OUT_7_FLOOR_PERCENT, 90),
    ("held-out 8", HELD_OUT_8, HELD_OUT_8_FLOOR_PERCENT, 90),
    ("held-out 9", HELD_OUT_9, HELD_OUT_9_FLOOR_PERCENT, 90),
    ("held-out 10", HELD_OUT_10, HELD_OUT_10_FLOOR_PERCENT, 90),
    ("held-out 11", HELD_OUT_11, HELD_OUT_11_FLOOR_PERCENT, 90),
    ("held-out 12", HELD_OUT_12, HELD_OUT_12_FLOOR_PERCENT, 90),
    ("held-out 13", HELD_OUT_13, HELD_OUT_13_FLOOR_PERCENT, 90),
    ("held-out 14", HELD_OUT_14, HELD_OUT_14_FLOOR_PERCENT, 90),
    ("held-out 15", HELD_OUT_15, HELD_OUT_15_FLOOR_PERCENT, 90),
    ("held-out 16", HELD_OUT_16, HELD_OUT_16_FLOOR_PERCENT, 90),
    ("held-out 17", HELD_OUT_17, HELD_OUT_17_FLOOR_PERCENT, 90),
    ("held-out 18", HELD_OUT_18, HELD_OUT_18_FLOOR_PERCENT, 90),
    ("held-out 19", HELD_OUT_19, HELD_OUT_19_FLOOR_PERCENT, 90),
    ("held-out 20", HELD_OUT_20, HELD_OUT_20_FLOOR_PERCENT, 90),
    ("held-out 25", HELD_OUT_25, HELD_OUT_25_FLOOR_PERCENT, 90),
    ("held-out 26", HELD_OUT_26, HELD_OUT_26_FLOOR_PERCENT, 90),
    ("held-out 27", HELD_OUT_27, HELD_OUT_27_FLOOR_PERCENT, 90),
    ("held-out 28", HELD_OUT_28, HELD_OUT_28_FLOOR_PERCENT, 90),
    ("held-out 29", HELD_OUT_29, HELD_OUT_29_FLOOR_PERCENT, 90),
    ("held-out 30", HELD_OUT_30, HELD_OUT_30_FLOOR_PERCENT, 90),
    ("held-out 31", HELD_OUT_31, HELD_OUT_31_FLOOR_PERCENT, 90),
    ("held-out 32", HELD_OUT_32, HELD_OUT_32_FLOOR_PERCENT, 90),
    ("held-out 33", HELD_OUT_33, HELD_OUT_33_FLOOR_PERCENT, 90),
    ("held-out 34", HELD_OUT_34, HELD_OUT_34_FLOOR_PERCENT, 90),
    ("held-out 35", HELD_OUT_35, HELD_OUT_35_FLOOR_PERCENT, 90),
    ("held-out 36", HELD_OUT_36, HELD_OUT_36_FLOOR_PERCENT, 90),
    ("held-out 37", HELD_OUT_37, HELD_OUT_37_FLOOR_PERCENT, 90),
    ("held-out 38", HELD_OUT_38, HELD_OUT_38_FLOOR_PERCENT, 90),
    ("held-out 39", HELD_OUT_39, HELD_OUT_39_FLOOR_PERCENT, 90),
    ("held-out 40", HELD_OUT_40, HELD_OUT_40_FLOOR_PERCENT, 90),
    ("held-out 41", HELD_OUT_41, HELD_OUT_41_FLOOR_PERCENT, 90),
    ("held-out 42", HELD_OUT_42, HELD_OUT_42_FLOOR_PERCENT, 90),
    ("held-out 43", HELD_OUT_43, HELD_OUT_43_FLOOR_PERCENT, 90),
    ("held-out 44", HELD_OUT_44, HELD_OUT_44_FLOOR_PERCENT, 90),
    ("held-out 45", HELD_OUT_45, HELD_OUT_45_FLOOR_PERCENT, 90),
    ("held-out 46", HELD_OUT_46, HELD_OUT_46_FLOOR_PERCENT, 90),
    ("held-out 47", HELD_OUT_47, HELD_OUT_47_FLOOR_PERCENT, 90),
    ("held-out 48", HELD_OUT_48, HELD_OUT_48_FLOOR_PERCENT, 90),
    ("held-out 49", HELD_OUT_49, HELD_OUT_49_FLOOR_PERCENT, 90),
    ("held-out 50", HELD_OUT_50, HELD_OUT_50_FLOOR_PERCENT, 90),
    ("held-out 51", HELD_OUT_51, HELD_OUT_51_FLOOR_PERCENT, 90),
    ("held-out 52", HELD_OUT_52, HELD_OUT_52_FLOOR_PERCENT, 90),
    ("held-out 53", HELD_OUT_53, HELD_OUT_53_FLOOR_PERCENT, 90),
    ("held-out 54", HELD_OUT_54, HELD_OUT_54_FLOOR_PERCENT, 90),
    ("held-out 55", HELD_OUT_55, HELD_OUT_55_FLOOR_PERCENT, 90),
    ("held-out 56", HELD_OUT_56, HELD_OUT_56_FLOOR_PERCENT, 90),
];

/// Each held-out set scores at least its floor; every set's score and
/// misses are printed, and every set below its floor is named.
#[test]
fn held_out_floors() {
    let mut below = Vec::new();
    for (name, text, floor, lines) in HELD_OUT_SETS {
        let s = score(text);
        assert!(s.total >= *lines, "{name}: {} lines", s.total);
        let percent = report(name, &s);
        if percent < *floor {
            below.push(format!("{name} {percent}% < {floor}%"));
        }
    }
    assert!(below.is_empty(), "below the floor: {}", below.join(", "));
}

/// Scores any file in the corpus format, when `OFFLINE_CORPUS` names one:
/// `OFFLINE_CORPUS=/path/to/set.txt cargo nextest run -p tasklink-core
/// offline::corpus::any_file --no-capture` prints its score and misses
/// (for a set kept outside the repository, such as a reviewer's blind set).
#[test]
fn any_file() {
    let Ok(path) = std::env::var("OFFLINE_CORPUS") else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("OFFLINE_CORPUS names a readable file");
    report(&path, &score(&text));
}

/// Characters whose lower case has another length ("İ", the Kelvin sign),
/// put into every phrase of the corpus and the held-out sets, never make
/// the brain panic: a reading must not cut the original text where it
/// found something in a lower-cased copy of another length.
#[test]
fn every_phrase_with_case_changing_characters_never_panics() {
    let sets = std::iter::once(CORPUS).chain(HELD_OUT_SETS.iter().map(|set| set.1));
    for line in sets.flat_map(str::lines) {
        let Some((phrase, _)) = line.rsplit_once(" => ") else {
            continue;
        };
        // "İ" grows by a byte in lower case and the Kelvin sign shrinks by
        // two, so together they can keep the length and move the places.
        let phrase = phrase.replace('i', "İ");
        let chars = phrase.chars().count();
        for k in [0, chars / 2, chars] {
            let at = phrase.char_indices().nth(k).map_or(phrase.len(), |(at, _)| at);
            let _ = parse(&format!("{}\u{212A}{}", &phrase[..at], &phrase[at..]));
        }
    }
}
