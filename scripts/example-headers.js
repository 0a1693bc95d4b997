"use strict";
/*
 * Header rows of the bundled examples' input tables, as the templates write them (the columns of
 * src/core/spec.ts, follow-up columns included): shared by build-example.js and
 * build-followup-example.js.
 */
exports.AREAS = [
  "Kod",
  "Namn",
  "Överordnat",
  "Visa som varav",
  "Egen tabell",
  "Utanför delsumma",
  "Rubrik i nettotabell",
];
exports.GOALS = [
  "Mål-ID",
  "Nivå",
  "Överordnat mål",
  "Mål",
  "Verksamhetsområde",
  "Agenda 2030",
  "Beskrivning",
  "Förväntat resultat",
  "Bedömning",
  "Analys",
];
exports.INDICATORS = [
  "Indikator-ID",
  "Mål-ID",
  "Indikator",
  "Enhet",
  "Årsmål",
  "KF:s årsmål",
  "Periodicitet",
  "Riktning",
  "Utfall T1",
  "Utfall T2",
  "Utfall helår",
  "Bedömning",
  "Kommentar",
];
exports.ACTIVITIES = [
  "Aktivitets-ID",
  "Mål-ID",
  "Aktivitet",
  "Startdatum",
  "Slutdatum",
  "Ansvarig",
  "Status",
  "Kommentar",
];
exports.REFERENCE_GOALS = [
  "Mål-ID",
  "Nivå",
  "Överordnat mål",
  "Mål",
  "Verksamhetsområde",
  "Beskrivning",
  "Förväntat resultat",
];
exports.SETTINGS = ["Inställning", "Värde"];
exports.PERIODS = ["Period-ID", "Rubrik", "Typ", "År", "Planperiod"];
