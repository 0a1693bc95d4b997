/**
 * Stable finding codes. The code never changes once released; the message may be reworded.
 * docs/checks.md lists each with what it means and how to fix it.
 */
export const CODES = {
  // Struktur
  missingTable: "STR-TABELL",
  missingColumn: "STR-KOLUMN",
  missingValue: "STR-VARDE-SAKNAS",
  unknownValue: "STR-OKANT-VARDE",
  unknownUnit: "STR-OKAND-ENHET",
  badNumber: "STR-TAL",
  badDate: "STR-DATUM",
  duplicateId: "STR-DUBBLETT",
  badSetting: "STR-INSTALLNING",
  unknownSetting: "STR-OKAND-INSTALLNING",
  badPeriods: "STR-PERIODER",
  unknownReference: "STR-REFERENS",
  areaTree: "STR-OMRADESTRAD",
  // Länkar
  parentMissing: "LNK-OVERORDNAT-SAKNAS",
  parentLevel: "LNK-FEL-NIVA",
  kfNumbering: "LNK-KF-NUMRERING",
  goalMissing: "LNK-MAL-SAKNAS",
  boardGoalEmpty: "LNK-NAMNDMAL-TOMT",
  kfGoalWithoutBoardGoal: "LNK-KF-UTAN-NAMNDMAL",
  unknownArea: "LNK-OKANT-OMRADE",
  unitGoalNotInBoard: "LNK-ENHETSMAL-NAMNDMAL",
  // Indikatorer
  targetMissing: "IND-ARSMAL-SAKNAS",
  targetUnreadable: "IND-ARSMAL-OLASBART",
  percentOutOfRange: "IND-PROCENT-UTANFOR",
  shareWithoutPercent: "IND-ANDEL-UTAN-PROCENT",
  conflictingTargets: "IND-OLIKA-MAL",
  outcomeMissing: "IND-UTFALL-SAKNAS",
  // Aktiviteter
  startAfterEnd: "AKT-START-EFTER-SLUT",
  outsidePlanYear: "AKT-UTANFOR-PLANAR",
  sameActivityText: "AKT-FLERA-MAL",
  statusMissing: "AKT-STATUS-SAKNAS",
  // Uppföljning
  followUpColumnsMissing: "UPF-KOLUMNER-SAKNAS",
  analysisMissing: "UPF-ANALYS-SAKNAS",
  deviationWithoutComment: "UPF-AVVIKELSE-KOMMENTAR",
  assessmentDiffers: "UPF-BEDOMNING-AVVIKER",
  directionMissing: "UPF-RIKTNING-SAKNAS",
  // Summor
  netMismatch: "SUM-NETTO",
  budgetFrame: "SUM-BUDGETRAM",
  investmentFrame: "SUM-INVESTERINGSRAM",
  signError: "SUM-TECKEN",
  rounding: "SUM-AVRUNDNING",
  unitBudgetDiffers: "SUM-ENHET-AVVIKER",
  duplicateUnit: "KONS-DUBBLETT",
  skippedUnit: "KONS-OVERHOPPAD",
} as const;

export type FindingCode = (typeof CODES)[keyof typeof CODES];
