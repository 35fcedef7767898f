/**
 * The lifecycle policy, written out by hand: for every state, every event and
 * every kind of actor, what happens. "→state" means the event is allowed and
 * leaves the request in that state; "✗code" means it is refused with that
 * code. Read it as the policy, not as a copy of the code: each cell was
 * decided from DESIGN.md ("Users and roles", "Separation of duties",
 * "Lifecycle of a request") and the workflow brief.
 *
 * Every cell is posted with valid form content and the current revision, at
 * a time before the request's deadline and before any valid-until date —
 * except the last column, the sweep running once both have passed.
 *
 * Columns:
 *   requester      staff member who logged the request
 *   reqManager     the requester, who also holds procurement_manager
 *   manager        another procurement manager
 *   delegate       acting delegate of a manager who is not the requester
 *   delegateOfReq  acting delegate of the requester (a manager who delegated)
 *   conflicted     a procurement manager who declares a conflict of interest
 *   auditor        auditor only
 *   admin          admin only
 *   reassignedLogger   a manager (also staff) who logged the request, whose
 *                  requests an admin then passed to the requester: the
 *                  history still says they logged it, so they never decide it
 *   delegateForAuthor  acting delegate of a manager who wrote the latest
 *                  version: may decide, but not approve that version
 *   adminDelegate  an admin-only account some manager named as delegate:
 *                  admins make no decisions in any capacity (a delegation
 *                  row that names one gives them nothing, not even reading)
 *   sweep          the system actor, before anything is due
 *   sweepDue       the system actor, after the deadline and valid-until passed
 */
export const ACTOR_COLUMNS = [
  "requester",
  "reqManager",
  "manager",
  "delegate",
  "delegateOfReq",
  "conflicted",
  "auditor",
  "admin",
  "reassignedLogger",
  "delegateForAuthor",
  "adminDelegate",
  "sweep",
  "sweepDue",
] as const;

export type ActorColumn = (typeof ACTOR_COLUMNS)[number];

//  event             requester     reqManager    manager         delegate        delegateOfReq       conflicted          auditor       admin         reassignedLogger  delegateForAuthor   adminDelegate sweep         sweepDue
export const LIFECYCLE_TABLE = {
  escalated: `
    allowDrafting     ✗not_decider  ✗own_request  →drafting       →drafting       ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      →drafting           ✗read_only    ✗people_only  ✗people_only
    decline           ✗not_decider  ✗own_request  →declined       →declined       ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      →declined           ✗read_only    ✗people_only  ✗people_only
    cancel            →cancelled    →cancelled    ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    correct           →escalated    →escalated    ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    extendDeadline    ✗not_decider  ✗own_request  →escalated      →escalated      ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      →escalated          ✗read_only    ✗people_only  ✗people_only
    comment           →escalated    →escalated    →escalated      →escalated      →escalated          →escalated          ✗read_only    ✗read_only    →escalated        →escalated          ✗read_only    ✗people_only  ✗people_only
    saveVersion       ✗wrong_state  ✗wrong_state  ✗wrong_state    ✗wrong_state    ✗not_requester      ✗wrong_state        ✗read_only    ✗read_only    ✗not_requester    ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    submitVersion     ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    requestChanges    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    approveVersion    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    recordReview      ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    withdraw          ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    sendDeclineNotice ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗wrong_state        ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    declineByDefault  ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗not_due      →declined
    expire            ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    remindDeadline    ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  →escalated    ✗deadline_passed
  `,
  drafting: `
    allowDrafting     ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    decline           ✗not_decider  ✗own_request  →declined       →declined       ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      →declined           ✗read_only    ✗people_only  ✗people_only
    cancel            →cancelled    →cancelled    ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    correct           →drafting     →drafting     ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    extendDeadline    ✗not_decider  ✗own_request  →drafting       →drafting       ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      →drafting           ✗read_only    ✗people_only  ✗people_only
    comment           →drafting     →drafting     →drafting       →drafting       →drafting           →drafting           ✗read_only    ✗read_only    →drafting         →drafting           ✗read_only    ✗people_only  ✗people_only
    saveVersion       →drafting     →drafting     →drafting       →drafting       ✗not_requester      →drafting           ✗read_only    ✗read_only    ✗not_requester    →drafting           ✗read_only    ✗people_only  ✗people_only
    submitVersion     →in_review    →in_review    ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    requestChanges    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    approveVersion    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗delegator_version  ✗read_only    ✗people_only  ✗people_only
    recordReview      ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    withdraw          ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    sendDeclineNotice ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗wrong_state        ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    declineByDefault  ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗not_due      →declined
    expire            ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    remindDeadline    ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  →drafting     ✗deadline_passed
  `,
  in_review: `
    allowDrafting     ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    decline           ✗not_decider  ✗own_request  →declined       →declined       ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      →declined           ✗read_only    ✗people_only  ✗people_only
    cancel            →cancelled    →cancelled    ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    correct           →in_review    →in_review    ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    extendDeadline    ✗not_decider  ✗own_request  →in_review      →in_review      ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      →in_review          ✗read_only    ✗people_only  ✗people_only
    comment           →in_review    →in_review    →in_review      →in_review      →in_review          →in_review          ✗read_only    ✗read_only    →in_review        →in_review          ✗read_only    ✗people_only  ✗people_only
    saveVersion       ✗wrong_state  ✗wrong_state  ✗wrong_state    ✗wrong_state    ✗not_requester      ✗wrong_state        ✗read_only    ✗read_only    ✗not_requester    ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    submitVersion     ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    requestChanges    ✗not_decider  ✗own_request  →drafting       →drafting       ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      →drafting           ✗read_only    ✗people_only  ✗people_only
    approveVersion    ✗not_decider  ✗own_request  →approved       →approved       ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗delegator_version  ✗read_only    ✗people_only  ✗people_only
    recordReview      ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    withdraw          ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    sendDeclineNotice ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗wrong_state        ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    declineByDefault  ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗not_due      →declined
    expire            ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    remindDeadline    ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  →in_review    ✗deadline_passed
  `,
  approved: `
    allowDrafting     ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    decline           ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    cancel            ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    correct           ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    extendDeadline    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    comment           →approved     →approved     →approved       →approved       →approved           →approved           ✗read_only    ✗read_only    →approved         →approved           ✗read_only    ✗people_only  ✗people_only
    saveVersion       ✗wrong_state  ✗wrong_state  ✗wrong_state    ✗wrong_state    ✗not_requester      ✗wrong_state        ✗read_only    ✗read_only    ✗not_requester    ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    submitVersion     ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    requestChanges    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    approveVersion    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗delegator_version  ✗read_only    ✗people_only  ✗people_only
    recordReview      ✗not_decider  ✗own_request  →approved       →approved       ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      →approved           ✗read_only    ✗people_only  ✗people_only
    withdraw          ✗not_decider  ✗own_request  →withdrawn      →withdrawn      ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      →withdrawn          ✗read_only    ✗people_only  ✗people_only
    sendDeclineNotice ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗wrong_state        ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    declineByDefault  ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    expire            ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗not_due      →expired
    remindDeadline    ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
  `,
  declined: `
    allowDrafting     ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    decline           ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    cancel            ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    correct           ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    extendDeadline    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    comment           →declined     →declined     →declined       →declined       →declined           →declined           ✗read_only    ✗read_only    →declined         →declined           ✗read_only    ✗people_only  ✗people_only
    saveVersion       ✗wrong_state  ✗wrong_state  ✗wrong_state    ✗wrong_state    ✗not_requester      ✗wrong_state        ✗read_only    ✗read_only    ✗not_requester    ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    submitVersion     ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    requestChanges    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    approveVersion    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    recordReview      ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    withdraw          ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    sendDeclineNotice ✗not_decider  ✗own_request  →declined       →declined       ✗delegator_request  →declined           ✗read_only    ✗read_only    ✗own_request      →declined           ✗read_only    ✗people_only  ✗people_only
    declineByDefault  ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    expire            ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    remindDeadline    ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
  `,
  cancelled: `
    allowDrafting     ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    decline           ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    cancel            ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    correct           ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    extendDeadline    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    comment           →cancelled    →cancelled    →cancelled      →cancelled      →cancelled          →cancelled          ✗read_only    ✗read_only    →cancelled        →cancelled          ✗read_only    ✗people_only  ✗people_only
    saveVersion       ✗wrong_state  ✗wrong_state  ✗wrong_state    ✗wrong_state    ✗not_requester      ✗wrong_state        ✗read_only    ✗read_only    ✗not_requester    ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    submitVersion     ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    requestChanges    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    approveVersion    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    recordReview      ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    withdraw          ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    sendDeclineNotice ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗wrong_state        ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    declineByDefault  ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    expire            ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    remindDeadline    ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
  `,
  withdrawn: `
    allowDrafting     ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    decline           ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    cancel            ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    correct           ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    extendDeadline    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    comment           →withdrawn    →withdrawn    →withdrawn      →withdrawn      →withdrawn          →withdrawn          ✗read_only    ✗read_only    →withdrawn        →withdrawn          ✗read_only    ✗people_only  ✗people_only
    saveVersion       ✗wrong_state  ✗wrong_state  ✗wrong_state    ✗wrong_state    ✗not_requester      ✗wrong_state        ✗read_only    ✗read_only    ✗not_requester    ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    submitVersion     ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    requestChanges    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    approveVersion    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗delegator_version  ✗read_only    ✗people_only  ✗people_only
    recordReview      ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    withdraw          ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    sendDeclineNotice ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗wrong_state        ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    declineByDefault  ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    expire            ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    remindDeadline    ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
  `,
  expired: `
    allowDrafting     ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    decline           ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    cancel            ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    correct           ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    extendDeadline    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    comment           →expired      →expired      →expired        →expired        →expired            →expired            ✗read_only    ✗read_only    →expired          →expired            ✗read_only    ✗people_only  ✗people_only
    saveVersion       ✗wrong_state  ✗wrong_state  ✗wrong_state    ✗wrong_state    ✗not_requester      ✗wrong_state        ✗read_only    ✗read_only    ✗not_requester    ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    submitVersion     ✗wrong_state  ✗wrong_state  ✗not_requester  ✗not_requester  ✗not_requester      ✗not_requester      ✗read_only    ✗read_only    ✗not_requester    ✗not_requester      ✗read_only    ✗people_only  ✗people_only
    requestChanges    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    approveVersion    ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗delegator_version  ✗read_only    ✗people_only  ✗people_only
    recordReview      ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    withdraw          ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗conflict_declared  ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    sendDeclineNotice ✗not_decider  ✗own_request  ✗wrong_state    ✗wrong_state    ✗delegator_request  ✗wrong_state        ✗read_only    ✗read_only    ✗own_request      ✗wrong_state        ✗read_only    ✗people_only  ✗people_only
    declineByDefault  ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    expire            ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
    remindDeadline    ✗system_only  ✗system_only  ✗system_only    ✗system_only    ✗system_only        ✗system_only        ✗system_only  ✗system_only  ✗system_only      ✗system_only        ✗system_only  ✗wrong_state  ✗wrong_state
  `,
} as const;

/** The HTTP status each refusal code answers with, also stated by hand. */
export const STATUS_OF_CODE: Record<string, 400 | 403 | 409> = {
  system_only: 403,
  people_only: 403,
  read_only: 403,
  not_decider: 403,
  own_request: 403,
  delegator_request: 403,
  own_version: 403,
  delegator_version: 403,
  conflict_declared: 403,
  not_requester: 403,
  not_participant: 403,
  stale_revision: 409,
  wrong_state: 409,
  deadline_passed: 409,
  valid_until_passed: 409,
  not_due: 409,
  no_version: 409,
  version_not_latest: 409,
  blocked_by_review: 409,
  reason_required: 400,
  no_changes: 400,
  invalid_date: 400,
  invalid_deadline: 400,
  invalid_valid_until: 400,
};

/**
 * What the form holds, judged by the core alone (no command, no form schema):
 * an approval is blocked by the version's stored findings and the review
 * posted, and valid-until has a limit for each kind of endorsement (DESIGN.md
 * "Approval", "Review"). Each case is posted by a manager before anything is
 * due, on a version with one error and one warning; the test builds the event
 * the case names.
 */
export const CONTENT_CELLS = [
  ["in_review", "approveVersion", "everything attested, the error waived, the warning acknowledged", "→approved"],
  ["in_review", "approveVersion", "the error not waived", "✗blocked_by_review"],
  ["in_review", "approveVersion", "the error waived without a reason", "✗blocked_by_review"],
  ["in_review", "approveVersion", "the warning not acknowledged", "✗blocked_by_review"],
  ["in_review", "approveVersion", "a criterion not met", "✗blocked_by_review"],
  ["in_review", "approveVersion", "the impact not confirmed", "✗blocked_by_review"],
  ["in_review", "approveVersion", "enduring, valid until 24 months on", "→approved"],
  ["in_review", "approveVersion", "enduring, valid until a day past 24 months", "✗invalid_valid_until"],
  ["in_review", "approveVersion", "single use, valid until 30 days on", "→approved"],
  ["in_review", "approveVersion", "single use, valid until a day past 30 days", "✗invalid_valid_until"],
  ["in_review", "approveVersion", "valid until yesterday", "✗invalid_valid_until"],
  ["approved", "recordReview", "confirmed until 12 months on", "→approved"],
  ["approved", "recordReview", "confirmed until a day past 12 months", "✗invalid_valid_until"],
] as const;

export type Cell = { allowed: true; state: string } | { allowed: false; code: string };

/** Reads one state's grid into event → column → cell; throws on a malformed row. */
export function parseGrid(grid: string): Map<string, Map<ActorColumn, Cell>> {
  const rows = new Map<string, Map<ActorColumn, Cell>>();
  for (const line of grid
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [event, ...cells] = line.split(/\s+/);
    if (!event || cells.length !== ACTOR_COLUMNS.length) throw new Error(`Malformed table row: ${line}`);
    const row = new Map<ActorColumn, Cell>();
    ACTOR_COLUMNS.forEach((column, i) => {
      const cell = cells[i] ?? "";
      if (cell.startsWith("→")) row.set(column, { allowed: true, state: cell.slice(1) });
      else if (cell.startsWith("✗")) row.set(column, { allowed: false, code: cell.slice(1) });
      else throw new Error(`Malformed cell ${cell} in row: ${line}`);
    });
    rows.set(event, row);
  }
  return rows;
}
