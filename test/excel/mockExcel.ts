import { OfficeMockObject } from "office-addin-mock";
import { createFakeExcel, FakeExcel, InitialWorkbook, LoadTrackingBase } from "./fakeExcel";

/** The fake Excel with office-addin-mock's OfficeMockObject as the load/sync-tracking base of every object. */
export function mockExcel(initial: InitialWorkbook): FakeExcel {
  return createFakeExcel(initial, OfficeMockObject as unknown as LoadTrackingBase);
}

/** The fake's context typed as Office.js's. */
export function contextOf(fake: FakeExcel): Excel.RequestContext {
  return fake.context as unknown as Excel.RequestContext;
}
