import { createFakeExcel, FakeExcel, InitialWorkbook } from "./fakeExcel";

/** The fake Excel (office-addin-mock objects underneath) for the Excel-layer tests. */
export function mockExcel(initial: InitialWorkbook): FakeExcel {
  return createFakeExcel(initial);
}

/** The fake's context typed as Office.js's. */
export function contextOf(fake: FakeExcel): Excel.RequestContext {
  return fake.context as unknown as Excel.RequestContext;
}
