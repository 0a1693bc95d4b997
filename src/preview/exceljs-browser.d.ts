/** ExcelJS's prebuilt browser bundle (no Node APIs, no polyfills): the same API as "exceljs". */
declare module "exceljs/dist/exceljs.bare.min.js" {
  import * as ExcelJS from "exceljs";
  export = ExcelJS;
}
