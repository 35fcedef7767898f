// A hand-written corpus for the endorsement text checks: for every rule, texts
// where it must fire (with the text it must match) and near-misses where it
// must not. Kept as data so precision and recall per rule can be computed.
import { checkText, type Finding } from "~/workflow/textChecks";
import { RULES, type RuleId } from "~/workflow/textChecks/rules";

export type CorpusCase = {
  rule: RuleId;
  text: string;
  /** The text the rule must match (the whole text for a "missing" rule); null when it must not fire. */
  expected: string | null;
  /** Set when the checker gets this case wrong today; kept so the figures stay honest. */
  knownLimitation?: string;
};

const fires = (rule: RuleId, text: string, expected: string): CorpusCase => ({ rule, text, expected });
const missing = (rule: RuleId, text: string): CorpusCase => ({ rule, text, expected: text });
const nearMiss = (rule: RuleId, text: string): CorpusCase => ({ rule, text, expected: null });

/** The example of a fair, factual endorsement from the brief; nothing in it is an error. */
export const REFERENCE_FAIR_TEXT =
  "Kāinga Ora engaged Acme Ltd under contract C-123 from March 2024 to February 2025 to repair 120 homes in Porirua. The work was completed on schedule.";

/** Fair, factual texts: no rule may report an error on any of them. */
export const FAIR_TEXTS: readonly string[] = [
  REFERENCE_FAIR_TEXT,
  "Between July 2023 and June 2024 Acme Ltd supplied and installed 300 heat pumps in Kāinga Ora homes in Hamilton under contract KO-2023-118. Installations were inspected by Kāinga Ora staff.",
  "Acme Scaffolding provided scaffolding for the re-roofing of 48 homes in Ōtara, under a contract with Kāinga Ora that ran from 2022 to 2023. Two safety issues were raised during the work and were resolved.",
  "Supplier: Acme Ltd\nContract: C-123 (March 2024 to February 2025)\nScope: repairs to 120 homes in Porirua.\nThe work was completed on schedule.",
  "From April 2022 to March 2024 Kāinga Ora contracted Harbour Painters Ltd to repaint the exteriors of 64 homes in Lower Hutt. The contract was completed in March 2024, two weeks later than planned because of weather.",
  "Kāinga Ora confirms that Tōtara Joinery Ltd supplied kitchen and bathroom joinery for 30 new homes at our Mt Albert development under contract 2021-0456, between June 2021 and August 2022.",
  "Acme Security has provided security patrols at three Kāinga Ora sites in Auckland since January 2023 under a panel agreement. The service has met the contract's performance measures in each quarterly review.",
  "Kāinga Ora used Whare Build to construct 12 two-storey homes in Tauranga in 2023. Customer feedback collected by Kāinga Ora after handover was positive, and one drainage defect was repaired under warranty.",
  "Acme Ltd was one of four suppliers on Kāinga Ora's maintenance panel for the Wellington region from 2020 to 2024, carrying out responsive repairs in around 900 homes.",
  "In 2024 Kāinga Ora contracted Tūī Electrical to rewire 25 homes in Rotorua. The work met the contract's specifications, and two defects found at handover were fixed within the contract period.",
];

export const CORPUS: readonly CorpusCase[] = [
  fires("superlative", "Acme Roofing is the best roofing company we have worked with.", "best"),
  fires("superlative", "Their world-class team delivered the programme.", "world-class"),
  fires("superlative", "Acme is New Zealand's leading provider of heat pumps.", "leading"),
  fires("superlative", "Simply unrivalled workmanship.", "unrivalled"),
  fires("superlative", "Acme is the number one choice for social housing repairs.", "number one"),
  fires("superlative", "Acme is a market leader in modular housing.", "market leader"),
  fires("superlative", "A best-in-class supplier.", "best-in-class"),
  fires("superlative", "Working with Acme, we couldn't be happier.", "couldn't be happier"),
  fires("superlative", "Acme is the only supplier you need.", "the only supplier"),
  nearMiss("superlative", "Acme followed best practice for asbestos removal under the 2024 contract."),
  nearMiss("superlative", "Consent delays were leading to a backlog in 2023."),
  nearMiss("superlative", "Bestway Plumbing repaired 40 homes in 2024."),
  nearMiss("superlative", "The misleading invoice was corrected."),
  nearMiss("superlative", "Stage #1 of the contract was completed in 2024."),
  fires("superlative", "Acme is the #1 supplier of heat pumps.", "#1 supplier"),
  {
    rule: "superlative",
    text: "Acme is the go-to roofer in Wellington.",
    expected: "go-to",
    knownLimitation: "market-position idioms not in the list (go-to, top dog) are missed",
  },

  fires("absolute-claim", "Their staff always arrive on time.", "always"),
  fires("absolute-claim", "Acme has never missed a deadline.", "never"),
  fires("absolute-claim", "Quality is guaranteed on every job.", "guaranteed"),
  fires("absolute-claim", "All our tenants were delighted with the new kitchens.", "All our tenants"),
  fires("absolute-claim", "The crew finished without fail.", "without fail"),
  nearMiss("absolute-claim", "Acme repaired 120 homes in Porirua in 2024."),
  nearMiss("absolute-claim", "The hallways in all 40 units were repainted in 2023."),
  nearMiss("absolute-claim", "The roof carries a 15-year manufacturer's guarantee."),
  nearMiss("absolute-claim", "Nevertheless, the project finished in June 2024."),
  {
    rule: "absolute-claim",
    text: "Tenants never had to move out during the work.",
    expected: null,
    knownLimitation: "a factual 'never' is reported as an absolute claim; the approver waives it",
  },

  fires("competitor-comparison", "Acme was better than other suppliers we have used.", "better than other suppliers"),
  fires("competitor-comparison", "Unlike other providers, Acme answers the phone.", "Unlike other providers"),
  fires("competitor-comparison", "Their prices were cheaper than the competition.", "cheaper than the competition"),
  fires("competitor-comparison", "Acme consistently outperforms the rest.", "outperforms"),
  fires("competitor-comparison", "Acme stands out from the crowd.", "stands out from the crowd"),
  nearMiss("competitor-comparison", "Other suppliers also worked on the site in 2024."),
  nearMiss("competitor-comparison", "The work was completed earlier than planned."),
  nearMiss("competitor-comparison", "The outcome was better than expected."),
  nearMiss("competitor-comparison", "Acme repaired the fences rather than the others replacing them."),
  nearMiss("competitor-comparison", "Acme won the contract through a competitive tender in 2023."),
  {
    rule: "competitor-comparison",
    text: "Acme and two competitors tendered in 2023.",
    expected: null,
    knownLimitation: "any mention of competitors is reported, even without a comparison",
  },

  fires("agency-recommendation", "We highly recommend Acme Ltd to any organisation.", "We highly recommend"),
  fires("agency-recommendation", "Kāinga Ora endorses Acme's services.", "Kāinga Ora endorses"),
  fires("agency-recommendation", "I would not hesitate to recommend them.", "I would not hesitate to recommend"),
  fires("agency-recommendation", "We are happy to recommend Acme.", "We are happy to recommend"),
  fires("agency-recommendation", "Acme comes highly recommended.", "highly recommended"),
  nearMiss("agency-recommendation", "The engineer recommended replacing the roof in 2024."),
  nearMiss("agency-recommendation", "Acme recommended a new drainage design to Kāinga Ora."),
  nearMiss("agency-recommendation", "Recommendations from the 2023 inspection were carried out."),

  fires("official-status", "Acme is a preferred supplier to Kāinga Ora.", "preferred supplier"),
  fires("official-status", "Acme is the official supplier of heat pumps.", "official supplier"),
  fires("official-status", "Their products are approved by Kāinga Ora.", "approved by Kāinga Ora"),
  fires("official-status", "Acme is Kāinga Ora's trusted roofing partner.", "Kāinga Ora's trusted roofing partner"),
  fires("official-status", "Acme is the supplier of choice for social housing.", "supplier of choice"),
  fires(
    "official-status",
    "Acme Civil has been a valued partner to Kāinga Ora since 2019.",
    "valued partner to Kāinga Ora",
  ),
  nearMiss("official-status", "The preferred option was to replace the roof in 2024."),
  nearMiss("official-status", "Building consent was approved by Porirua City Council in 2024."),
  nearMiss("official-status", "The official opening took place in May 2024."),

  fires("political-content", "The Minister of Housing praised the project.", "Minister"),
  fires("political-content", "This reflects the Government's commitment to warm homes.", "the Government's"),
  fires("political-content", "Acme supported the National Party housing policy.", "National Party"),
  fires("political-content", "Ahead of the election, Acme finished early.", "election"),
  fires("political-content", "NZ First and Te Pāti Māori MPs visited the site.", "NZ First"),
  fires("political-content", "Under the Labour-led programme, homes were built.", "Labour-led"),
  fires("political-content", "Hon. Chris Bishop opened the development.", "Hon. Chris Bishop"),
  nearMiss("political-content", "Labour costs were kept within the 2024 contract."),
  nearMiss("political-content", "Acme used green building materials under the 2024 contract."),
  nearMiss("political-content", "Acme complied with the Residential Tenancies Act."),
  nearMiss("political-content", "Acme built the new Ministry of Education office."),
  nearMiss("political-content", "Acme administered the programme in 2024."),
  nearMiss("political-content", "A coalition of community groups was consulted in 2024."),
  {
    rule: "political-content",
    text: "Under Labour, the programme grew.",
    expected: "Labour",
    knownLimitation: "a party named alone, without Party/Government/MP after it, is missed",
  },

  fires("email-address", "Contact mere.smith@example.co.nz for details.", "mere.smith@example.co.nz"),
  fires("email-address", "Email jo@acme.nz.", "jo@acme.nz"),
  fires("email-address", "Feedback from ātaahua.whānau@example.com was positive.", "ātaahua.whānau@example.com"),
  nearMiss("email-address", "Acme @ Porirua completed the work in 2024."),
  nearMiss("email-address", "Send feedback by email to the project team."),

  fires("phone-number", "Call Mere on 021 123 4567.", "021 123 4567"),
  fires("phone-number", "Phone (04) 439 3000 for a quote.", "(04) 439 3000"),
  fires("phone-number", "Reach the site office on +64 9 300 4000.", "+64 9 300 4000"),
  fires("phone-number", "Freephone 0800 801 601, or 09 300 4000.", "09 300 4000"),
  // A freephone line belongs to an organisation, not a person.
  nearMiss("phone-number", "Tenants can call Kāinga Ora on 0800 801 601."),
  nearMiss("email-address", "Questions to enquiries@kaingaora.govt.nz please."),
  nearMiss("street-address", "Acme's depot at 12 Kaiwharawhara Road was used for storage."),
  nearMiss("phone-number", "The contract ran over 2023-2024."),
  nearMiss("phone-number", "The contract was worth $2,000,000 over 2024 and 2025."),
  nearMiss("phone-number", "Acme delivered 1200 heat pumps under purchase order 4500123456."),

  fires("street-address", "The tenant at 14 Smith Street was rehoused.", "14 Smith Street"),
  fires("street-address", "Work at 2/45 Kāpiti Road finished in May.", "2/45 Kāpiti Road"),
  fires("street-address", "Acme fixed the leak at Flat 3, 12 Te Puni Crescent.", "Flat 3, 12 Te Puni Crescent"),
  fires("street-address", "We renovated 7 Bay View Rd last year.", "7 Bay View Rd"),
  nearMiss("street-address", "Acme repaired 120 homes in Porirua in 2024."),
  nearMiss("street-address", "The Porirua Road upgrade was completed in 2024."),
  nearMiss("street-address", "Crews worked on 3 sites along State Highway 1."),

  fires("named-person", "Our tenant Mere Smith said the house is warmer.", "Mere Smith"),
  fires("named-person", "Customer John Brown said the crew was polite.", "John Brown"),
  fires("named-person", "Aroha Ngata, a tenant in Porirua, praised the work.", "Aroha Ngata"),
  fires("named-person", "Mrs Patel was pleased with the new kitchen.", "Mrs Patel"),
  fires("named-person", "Site manager Jo Bloggs led the crew.", "Jo Bloggs"),
  fires("named-person", "Contact our project lead Sarah for a site visit.", "Sarah"),
  fires("named-person", "Kāinga Ora tenant Hemi Walker: 'The new heat pump has changed our lives.'", "Hemi Walker"),
  nearMiss("named-person", "Our tenants in Porirua have had warmer homes since 2024."),
  nearMiss("named-person", "The Tenant Satisfaction Survey was run in 2024."),
  nearMiss("named-person", "Customer Services staff logged the repairs in 2024."),
  {
    rule: "named-person",
    text: "Mere told us the house is warmer.",
    expected: "Mere",
    knownLimitation: "a name with no role word (tenant, customer, staff) nearby is missed",
  },

  fires("unevidenced-result", "Acme saved $2m on the programme.", "saved $2m"),
  fires("unevidenced-result", "They reduced costs by 30%.", "reduced costs by 30%"),
  fires("unevidenced-result", "The project achieved the best results in the region.", "best results"),
  fires("unevidenced-result", "Acme delivered significant savings to Kāinga Ora.", "significant savings"),
  fires("unevidenced-result", "Tenant satisfaction rose to 95%.", "95%"),
  fires("unevidenced-result", "The work was finished ahead of schedule.", "ahead of schedule"),
  nearMiss("unevidenced-result", "Acme repaired 120 homes in 2024."),
  nearMiss("unevidenced-result", "The contract was worth $2m and ran from 2023 to 2024."),
  nearMiss("unevidenced-result", "The work was completed on schedule in June 2024."),
  nearMiss("unevidenced-result", "Acme fitted access ramps at 30 homes in 2024."),
  fires("unevidenced-result", "Energy bills fell by a third.", "bills fell"),
  fires("unevidenced-result", "Thanks to Acme, our maintenance costs dropped dramatically.", "costs dropped"),
  {
    rule: "unevidenced-result",
    text: "Tenants now pay less for power.",
    expected: "pay less for power",
    knownLimitation: "results stated without a figure or a listed result word are missed",
  },

  fires("future-promise", "Kāinga Ora will continue to use Acme.", "Kāinga Ora will"),
  fires("future-promise", "We look forward to working with Acme again.", "We look forward to"),
  fires("future-promise", "We will always call on Acme first.", "We will"),
  fires("future-promise", "Acme will be part of our programme for years to come.", "for years to come"),
  fires("future-promise", "Here's to many more years together.", "many more years"),
  nearMiss("future-promise", "Acme will provide the warranty documents by June 2024."),
  nearMiss("future-promise", "We worked with Acme from 2022 to 2024."),
  nearMiss("future-promise", "Kāinga Ora's tenants will benefit from the insulation fitted in 2024."),

  fires("weasel-words", "Acme is arguably the most reliable builder.", "arguably"),
  fires("weasel-words", "Some say their workmanship is unmatched.", "Some say"),
  fires("weasel-words", "Acme is widely regarded as a safe employer.", "widely regarded"),
  fires("weasel-words", "By all accounts the crews were courteous.", "By all accounts"),
  nearMiss("weasel-words", "Some homes needed new roofs in 2024."),
  nearMiss("weasel-words", "Many homes were insulated in 2024."),
  nearMiss("weasel-words", "The inspector said the work met the Building Code."),

  fires("intensifier", "The crew was very tidy.", "very"),
  fires("intensifier", "An extremely professional team.", "extremely"),
  fires("intensifier", "They truly care about tenants.", "truly"),
  fires("intensifier", "A highly skilled workforce.", "highly"),
  fires("intensifier", "Working with Acme has been an absolute pleasure.", "absolute"),
  nearMiss("intensifier", "Acme made every delivery on time in 2024."),
  nearMiss("intensifier", "The truthful report highlighted two defects."),
  nearMiss("intensifier", "The superintendent signed off the work."),

  missing("relationship-not-stated", "Acme is a great company."),
  missing("relationship-not-stated", "Acme Ltd: courteous crews and tidy sites since 2019."),
  missing("relationship-not-stated", "Acme has been a pleasure to deal with over 2023 and 2024."),
  nearMiss("relationship-not-stated", "Acme supplied 300 heat pumps to Kāinga Ora in 2024."),
  nearMiss("relationship-not-stated", "Kāinga Ora engaged Acme to paint 40 homes."),
  nearMiss("relationship-not-stated", "Under contract C-42, Acme maintained our lifts."),

  missing("period-not-stated", "Acme supplied heat pumps to Kāinga Ora."),
  missing("period-not-stated", "Kāinga Ora engaged Acme to paint 40 homes."),
  missing("period-not-stated", "Acme maintained our lifts for many years."),
  nearMiss("period-not-stated", "Acme supplied heat pumps to Kāinga Ora in 2024."),
  nearMiss("period-not-stated", "Acme maintained our lifts for three years."),
  nearMiss("period-not-stated", "Acme painted 40 homes between 01/03/2023 and 30/06/2023."),

  fires(
    "period-contradiction",
    "Acme has cleaned our offices since 2023. In the six years they have worked for us…",
    "In the six years",
  ),
  fires(
    "period-contradiction",
    "Acme repaired homes for Kāinga Ora from 2022 to 2024. Over five years they…",
    "Over five years",
  ),
  fires(
    "period-contradiction",
    "Since March 2021 Acme has maintained our grounds, and for 12 years they have…",
    "for 12 years",
  ),
  nearMiss(
    "period-contradiction",
    "Acme has cleaned our offices since 2021; in the four years since, 300 homes were cleaned.",
  ),
  nearMiss("period-contradiction", "Acme, with over 30 years of experience, has repaired our homes since 2022."),
  nearMiss("period-contradiction", "Acme repaired homes between 2020 and 2024, for five years in all."),
  fires("agency-name-misspelt", "Acme worked for Kainga Ora in 2024.", "Kainga Ora"),
  fires("agency-name-misspelt", "Kāinga ora engaged Acme in 2024.", "Kāinga ora"),
  fires("agency-name-misspelt", "Kianga Ora engaged Acme.", "Kianga Ora"),
  fires("agency-name-misspelt", "Acme thanks KāingaOra.", "KāingaOra"),
  fires("agency-name-misspelt", "KAINGA ORA CONTRACT 2024", "KAINGA ORA"),
  nearMiss("agency-name-misspelt", "Kāinga Ora's contractors repaired 120 homes in 2024."),
  // A macron typed as a combining mark is the same name once normalised.
  nearMiss("agency-name-misspelt", "Ka\u0304inga Ora engaged Acme in 2024."),
  nearMiss("agency-name-misspelt", "Kia ora koutou."),
  nearMiss("agency-name-misspelt", "Every kāinga in the street was repaired."),
  nearMiss("agency-name-misspelt", "KĀINGA ORA CONTRACT 2024"),
  fires("agency-name-misspelt", "Kainga Orra engaged Acme in 2024.", "Kainga Orra"),
  fires("agency-name-misspelt", "Acme repaired homes for Housing New Zealand in 2021.", "Housing New Zealand"),

  fires("glowing-praise", "The landscaping at Ōtara was out of this world.", "out of this world"),
  fires("glowing-praise", "Honestly, we can't fault them.", "can't fault"),
  fires("glowing-praise", "Tenant feedback was glowing.", "feedback was glowing"),
  fires("glowing-praise", "Their crew were tino pai from start to finish.", "tino pai"),
  nearMiss("glowing-praise", "Two outstanding defects were fixed under warranty in 2024."),
  nearMiss("glowing-praise", "Feedback from tenants was collected in a survey after handover."),

  fires("weasel-words", "The new heat pumps have changed lives in Porirua.", "changed lives"),
  fires(
    "weasel-words",
    "We couldn't have finished the programme without Acme.",
    "couldn't have finished the programme without",
  ),
  fires("weasel-words", "Research proves that their insulation works.", "Research proves"),
  nearMiss("weasel-words", "Acme changed the locks on 40 homes in 2023."),
  nearMiss("weasel-words", "The survey showed 12 homes needed new piles."),

  fires("weasel-words", "Our tenants all say the homes are warmer.", "Our tenants all say"),
  fires("weasel-words", "Everyone agrees they did a great job.", "Everyone agrees"),
  fires("weasel-words", "Acme is considered to be the safest choice by many.", "is considered to be"),

  fires("problem-dismissed", "Apart from a few early hiccups, the work went well.", "Apart from a few early hiccups"),
  fires(
    "problem-dismissed",
    "There were two safety incidents, but nothing worth mentioning.",
    "nothing worth mentioning",
  ),
  fires("problem-dismissed", "The roof leaked once, which I won't go into.", "won't go into"),
  nearMiss("problem-dismissed", "Two safety incidents were reported to WorkSafe in 2023 and both were investigated."),
  nearMiss("problem-dismissed", "Apart from the roofing, Acme also replaced 30 fences in 2024."),

  fires("personal-view", "Our staff love Acme, and so do I.", "and so do I"),
  fires("personal-view", "Speaking personally, they were wonderful.", "Speaking personally"),
  fires("personal-view", "I'm a huge fan of their work.", "I'm a huge fan"),
  nearMiss("personal-view", "I can confirm that Acme supplied 40 heat pumps in 2024."),
  nearMiss("personal-view", "Acme staff worked on site from March to June 2024."),

  fires("personal-details", "One tenant was behind on rent with $2,000 in arrears.", "arrears"),
  fires("personal-details", "Photos of the tamariki at the opening are attached.", "Photos of the tamariki"),
  fires("personal-details", "Tenants in Rangiora Avenue were the first to move in.", "Rangiora Avenue"),
  nearMiss("personal-details", "Acme painted 24 homes in Lower Hutt in 2024."),
  nearMiss("personal-details", "Photos of the finished roofs are attached."),

  fires("named-person", "If you have questions, call Aroha on 021 555 0192.", "Aroha"),
  fires("named-person", "One of the mums, Salote, said the new kitchen was easier to keep clean.", "Salote"),
  nearMiss("named-person", "Regards, Tenancy Manager, Christchurch"),

  fires("superlative", "Honestly, you won't find a better crew anywhere.", "won't find a better"),
  fires("superlative", "Their guards are the most switched-on team in the Hutt.", "most switched-on"),
  nearMiss("superlative", "Best Start Cleaning cleaned 320 homes in Hastings from 2022 to 2024."),
  nearMiss("superlative", "Premier Roofing Ltd re-roofed 36 homes in 2023."),

  fires(
    "competitor-comparison",
    "They were quicker than the previous contractor.",
    "quicker than the previous contractor",
  ),
  fires(
    "competitor-comparison",
    "They did it for half the price of the other tenderers.",
    "half the price of the other",
  ),

  fires("agency-recommendation", "Hire them for your next job.", "Hire them"),
  fires("agency-recommendation", "Any agency would be lucky to have them.", "would be lucky to have"),
  fires("agency-recommendation", "Don't bother with the others, go with Acme.", "Don't bother"),

  fires("official-status", "Acme is our number one plumber.", "our number one"),
  fires("official-status", "Acme is the provider Kāinga Ora has chosen for Northland.", "Kāinga Ora has chosen"),

  fires("political-content", "They built better homes than Labour ever did.", "than Labour"),
  nearMiss("political-content", "The contract was let under the Government Procurement Rules in 2023."),

  fires("unevidenced-result", "Their gardens have fed hundreds of families.", "fed hundreds of"),
  nearMiss("unevidenced-result", "Water use fell by 18 per cent, based on council meter data for 2023."),

  fires("future-promise", "Kāinga Ora promises any client the same result.", "Kāinga Ora promises"),
  fires("future-promise", "We will keep them on for the next contract round.", "We will"),

  // Read from sentence structure (ruleset 2026.12.2), not from phrase lists.
  fires("weasel-words", "Tenants we spoke to said the homes were warmer.", "Tenants we spoke to said"),
  fires("weasel-words", "Local families have been singing its praises.", "families have been singing"),
  fires("weasel-words", "Tenants' feedback has been glowing.", "feedback has been glowing"),
  nearMiss("weasel-words", "We told the tenants about each visit 48 hours ahead."),
  fires("future-promise", "Kāinga Ora is sure to bring them back for the next stage.", "Kāinga Ora is sure to"),
  fires("future-promise", "Tenants can count on these kitchens lasting.", "Tenants can count on"),
  nearMiss("future-promise", "The contract will end in June 2025 under its own terms."),
  fires(
    "problem-dismissed",
    "There were a few delays early on, but nothing that took away from the result.",
    "a few delays",
  ),
  nearMiss("problem-dismissed", "Two installs needed a return visit; both were fixed within a week at their cost."),
  fires("competitor-comparison", "Their work is well above what other painters manage.", "above what other painters"),
  fires(
    "competitor-comparison",
    "Where the previous builder struggled, Acme kept a steady crew.",
    "Where the previous builder struggled",
  ),
  fires(
    "competitor-comparison",
    "They are the only plumbers in town who answer after hours.",
    "the only plumbers in town who",
  ),
  nearMiss("competitor-comparison", "Acme took over from the previous contractor in 2022."),
  fires("superlative", "Nobody does it better.", "Nobody does it better"),
  fires("official-status", "They are the builders we trust with our oldest homes.", "the builders we trust"),
  fires("official-status", "Acme is Kāinga Ora's security provider in Hamilton.", "Kāinga Ora's security provider"),
  nearMiss("official-status", "Acme is one of Kāinga Ora's security providers in Hamilton."),
  fires("named-person", "Sina, who has lived in her home for twenty years, said it is warmer.", "Sina"),
  nearMiss("named-person", "Thanks to Hutt Plumbing Services for the installation records."),
  nearMiss("named-person", "Ōkato Builders, a contractor on our Taranaki programme, repaired 250 homes."),
  nearMiss("named-person", "The community day was held in Ōtara on 12 March 2024."),
  nearMiss("named-person", "Regards, Site Manager Pakuranga"),
  fires("unevidenced-result", "They saved us thousands on the original quotes.", "saved us thousands"),
  nearMiss("unevidenced-result", "About 60 per cent of the homes were vacant when the work began in 2023."),
  fires("agency-recommendation", "We recommend them to everyone.", "to everyone"),
  nearMiss(
    "agency-recommendation",
    "If you need more information about this reference, contact the Kāinga Ora contact centre.",
  ),
];

export type RuleScore = {
  rule: RuleId;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
};

function firesOn(findings: Finding[], rule: RuleId): Finding[] {
  return findings.filter((finding) => finding.rule === rule);
}

/**
 * Precision and recall per rule. A case counts only for its own rule; the fair
 * texts count as near-misses for every rule whose severity is error.
 */
export function scoreCorpus(
  corpus: readonly CorpusCase[] = CORPUS,
  fairTexts: readonly string[] = FAIR_TEXTS,
): RuleScore[] {
  return RULES.map((rule) => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const corpusCase of corpus.filter((candidate) => candidate.rule === rule.id)) {
      const found = firesOn(checkText(corpusCase.text), rule.id);
      if (corpusCase.expected === null) {
        if (found.length > 0) falsePositives++;
      } else if (found.some((finding) => finding.match === corpusCase.expected!.normalize("NFC"))) {
        truePositives++;
      } else {
        falseNegatives++;
        // Fired, but on the wrong words.
        if (found.length > 0) falsePositives++;
      }
    }
    if (rule.severity === "error") {
      for (const text of fairTexts) {
        if (firesOn(checkText(text), rule.id).length > 0) falsePositives++;
      }
    }
    const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
    const recall = truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives);
    return { rule: rule.id, truePositives, falsePositives, falseNegatives, precision, recall };
  });
}

export function formatScores(scores: readonly RuleScore[]): string {
  const rows = scores.map(
    (score) =>
      `${score.rule.padEnd(26)} ${String(score.truePositives).padStart(3)} ${String(score.falsePositives).padStart(3)} ${String(score.falseNegatives).padStart(3)}   ${score.precision.toFixed(2)}   ${score.recall.toFixed(2)}`,
  );
  return [`${"rule".padEnd(26)}  TP  FP  FN   prec.  recall`, ...rows].join("\n");
}
