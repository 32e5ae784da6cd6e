// A supplier's documents end to end: the supplier's system posts a cXML invoice billing more
// than was received on a partly received order; on accounts payable's tablet it shows as an
// exception; offline, accounts payable asks for a credit note, and the decision reaches the hub
// once back online (exactly once, however often the tablet syncs); the supplier posts a Peppol
// BIS credit note for the difference, and on the tablet both match.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startEndpoint, launchBrowser, scratch, cleanup, openLoggedIn, api, token, waitSynced } from "./harness.mjs";

const ARGS = [
  "--suppliers", "2", "--items-per-supplier", "40",
  "--marketplace-sellers", "0", "--demo-evaluations", "0",
];

/** Every live record at the hub of `kind`. */
async function hubRecords(base, kind) {
  const auth = await token(base, "admin");
  const out = [];
  let cursor = "";
  for (;;) {
    const page = await api(base, "GET", `/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=5000`, { token: auth });
    for (const c of page.changes) if (c.op === "upsert" && c.record.kind === kind) out.push(c.record);
    cursor = page.next_cursor;
    if (!page.has_more) return out;
  }
}

/** Accepted quantity per order line over every receipt. */
function accepted(order) {
  const out = new Map();
  for (const e of order.events ?? []) {
    if (e.type !== "received") continue;
    for (const l of e.lines) out.set(l.line_no, (out.get(l.line_no) ?? 0) + Number(l.accepted));
  }
  return out;
}

/** Halves away from zero, to 2 decimals (the money rule for CNY and EUR). */
const round2 = (x) => Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-9) / 100;
const money = (x) => round2(x).toFixed(2);

function cxmlInvoice({ number, order, line, quantity }) {
  const price = Number(line.unit_price);
  const net = round2(quantity * price);
  const tax = round2(net * Number(line.tax_percent) / 100);
  const cur = order.currency;
  const today = new Date().toISOString().slice(0, 19) + "+00:00";
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/InvoiceDetail.dtd">
<cXML payloadID="${Date.now()}.${number}@supplier.example" timestamp="${today}" version="1.2.050">
  <Header>
    <From><Credential domain="NetworkID"><Identity>${order.supplier_id}</Identity></Credential></From>
    <To><Credential domain="NetworkID"><Identity>procura</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>${order.supplier_id}</Identity></Credential><UserAgent>Supplier billing</UserAgent></Sender>
  </Header>
  <Request>
    <InvoiceDetailRequest>
      <InvoiceDetailRequestHeader invoiceID="${number}" purpose="standard" operation="new" invoiceDate="${today}">
        <InvoiceDetailHeaderIndicator/>
        <InvoiceDetailLineIndicator isTaxInLine="yes"/>
        <InvoiceDetailPaymentTerm payInNumberOfDays="30" percentageRate="0"/>
      </InvoiceDetailRequestHeader>
      <InvoiceDetailOrder>
        <InvoiceDetailOrderInfo><OrderReference orderID="${order.number}"/></InvoiceDetailOrderInfo>
        <InvoiceDetailItem invoiceLineNumber="1" quantity="${quantity}">
          <UnitOfMeasure>${line.unit}</UnitOfMeasure>
          <UnitPrice><Money currency="${cur}">${line.unit_price}</Money></UnitPrice>
          <InvoiceDetailItemReference lineNumber="${line.line_no}">
            <ItemID><SupplierPartID>${line.supplier_part || "X"}</SupplierPartID></ItemID>
            <Description xml:lang="en">Goods as ordered</Description>
          </InvoiceDetailItemReference>
          <SubtotalAmount><Money currency="${cur}">${money(net)}</Money></SubtotalAmount>
          <Tax><Money currency="${cur}">${money(tax)}</Money><Description xml:lang="en">VAT</Description>
            <TaxDetail purpose="tax" category="vat" percentageRate="${line.tax_percent}"><TaxAmount><Money currency="${cur}">${money(tax)}</Money></TaxAmount></TaxDetail>
          </Tax>
        </InvoiceDetailItem>
      </InvoiceDetailOrder>
      <InvoiceDetailSummary>
        <SubtotalAmount><Money currency="${cur}">${money(net)}</Money></SubtotalAmount>
        <Tax><Money currency="${cur}">${money(tax)}</Money><Description xml:lang="en">VAT</Description></Tax>
        <NetAmount><Money currency="${cur}">${money(net + tax)}</Money></NetAmount>
        <DueAmount><Money currency="${cur}">${money(net + tax)}</Money></DueAmount>
      </InvoiceDetailSummary>
    </InvoiceDetailRequest>
  </Request>
</cXML>`;
}

function peppolCreditNote({ number, invoiceNumber, order, line, quantity }) {
  const price = Number(line.unit_price);
  const net = round2(quantity * price);
  const tax = round2(net * Number(line.tax_percent) / 100);
  const cur = order.currency;
  const today = new Date().toISOString().slice(0, 10);
  return `<?xml version="1.0" encoding="UTF-8"?>
<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>${number}</cbc:ID>
  <cbc:IssueDate>${today}</cbc:IssueDate>
  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
  <cbc:DocumentCurrencyCode>${cur}</cbc:DocumentCurrencyCode>
  <cac:OrderReference><cbc:ID>${order.number}</cbc:ID></cac:OrderReference>
  <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>${invoiceNumber}</cbc:ID></cac:InvoiceDocumentReference></cac:BillingReference>
  <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0088">7300010000001</cbc:EndpointID><cac:PartyLegalEntity><cbc:RegistrationName>Supplier</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID="0192">987654325</cbc:EndpointID><cac:PartyLegalEntity><cbc:RegistrationName>Buyer</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="${cur}">${money(tax)}</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="${cur}">${money(net)}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="${cur}">${money(tax)}</cbc:TaxAmount>
      <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${line.tax_percent}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="${cur}">${money(net)}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="${cur}">${money(net)}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="${cur}">${money(net + tax)}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="${cur}">${money(net + tax)}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:CreditNoteLine>
    <cbc:ID>1</cbc:ID>
    <cbc:CreditedQuantity unitCode="${line.unit}">${quantity}</cbc:CreditedQuantity>
    <cbc:LineExtensionAmount currencyID="${cur}">${money(net)}</cbc:LineExtensionAmount>
    <cac:OrderLineReference><cbc:LineID>${line.line_no}</cbc:LineID></cac:OrderLineReference>
    <cac:Item><cbc:Name>Goods as ordered</cbc:Name>
      <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>${line.tax_percent}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="${cur}">${line.unit_price}</cbc:PriceAmount></cac:Price>
  </cac:CreditNoteLine>
</CreditNote>`;
}

async function post(base, supplier, xml) {
  const response = await fetch(`${base}/api/v1/inbound/documents`, {
    method: "POST",
    headers: { "content-type": "application/xml", "x-supplier-key": `demo-${supplier}-key` },
    body: xml,
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
}

async function goTo(page, route) {
  await page.evaluate((r) => {
    history.pushState(null, "", r);
    dispatchEvent(new PopStateEvent("popstate", { state: null }));
  }, route);
}

test("a cXML invoice over the received quantity, decided offline, cured by a Peppol credit note", { timeout: 600_000 }, async () => {
  const dir = scratch("procura-e2e-invoice-docs-");
  const endpoint = await startEndpoint({ db: path.join(dir, "endpoint.sqlite3"), extraArgs: ARGS });
  const base = endpoint.url;
  const browser = await launchBrowser(path.join(dir, "ap"), { width: 768, height: 1024 });
  try {
    // A partly received order nobody has invoiced: a line with less accepted than ordered.
    const invoiced = new Set((await hubRecords(base, "invoice")).map((i) => i.order_id));
    const orders = await hubRecords(base, "order");
    let order, line, got;
    for (const o of orders) {
      if (invoiced.has(o.id)) continue;
      const acc = accepted(o);
      const l = o.lines.find((l) => (acc.get(l.line_no) ?? 0) > 0);
      if (l) { order = o; line = l; got = acc.get(l.line_no); break; }
    }
    assert.ok(order, "the demo has a received order that is not invoiced");

    // The supplier bills two more than the buyer accepted.
    const number = `E2E-CX-${Date.now() % 100000}`;
    const answer = await post(base, order.supplier_id, cxmlInvoice({ number, order, line, quantity: got + 2 }));
    assert.equal(answer.status, "exception");
    assert.equal(answer.order_id, order.id);
    const id = answer.invoice_id;

    // Accounts payable's tablet: the exception is there; offline, ask for a credit note.
    const { page, errors } = await openLoggedIn(browser, base, "ap");
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await goTo(page, "/invoices");
    const row = page.locator(`[data-testid="invoice-row"][data-id="${id}"][data-status="exception"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.locator("a.row-link").click();
    await page.getByTestId("invoice-detail").waitFor();
    const over = page.locator('[data-testid="invoice-finding"][data-kind="quantity_over_accepted"]');
    await over.waitFor();
    await browser.setOffline(true);
    await page.getByTestId("decide-credit").click();
    await page.locator('[data-testid="invoice-status"][data-status="credit_requested"]').waitFor();
    await page.getByTestId("pending-sync").waitFor();
    assert.equal((await hubRecords(base, "invoice")).find((i) => i.id === id).decisions.length, 0, "not at the hub while offline");
    await browser.setOffline(false);
    await waitSynced(page, 60_000);
    // Synced once, however often the tablet syncs again.
    await page.reload();
    await page.getByTestId("invoice-detail").waitFor();
    await waitSynced(page, 60_000);
    const atHub = (await hubRecords(base, "invoice")).find((i) => i.id === id);
    assert.equal(atHub.decisions.length, 1);
    assert.equal(atHub.decisions[0].action, "request_credit");
    assert.equal(atHub.decisions[0].by, "u-ap");
    assert.equal(atHub.revision, 2);

    // The supplier's credit note for the two, as Peppol BIS: both match on the tablet.
    const credit = await post(base, order.supplier_id, peppolCreditNote({ number: `${number}-CN`, invoiceNumber: number, order, line, quantity: 2 }));
    assert.equal(credit.kind, "credit_note");
    assert.equal(credit.status, "matched");
    await page.locator('[data-testid="invoice-status"][data-status="matched"]').waitFor({ timeout: 30_000 });
    await goTo(page, "/invoices");
    await page.getByTestId("invoices-page").waitFor();
    await page.locator('[data-testid="invoice-filter"][data-status="all"]').click();
    await page.locator(`[data-testid="invoice-row"][data-id="${credit.invoice_id}"][data-status="matched"]`).waitFor({ timeout: 30_000 });
    await page.locator(`[data-testid="invoice-row"][data-id="${id}"][data-status="matched"]`).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await endpoint.stop();
    cleanup(dir);
  }
});
