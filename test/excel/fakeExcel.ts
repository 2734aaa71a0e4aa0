/* The in-memory Excel lives outside test/ (support/fakeExcel.ts) because `npm run bench` counts syncs on it too. */
export * from "../../support/fakeExcel";
