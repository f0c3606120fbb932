/**
 * The ROI report as an A4 PDF with pdfkit: the same sections as the HTML, the same charts
 * (Vega's SVG drawn as vectors by svg-to-pdfkit, text included), page numbers, and the document
 * metadata (title, author Guild, creation date = the report's generation time). The standard
 * Helvetica fonts carry Windows-1252 text only, so the few characters outside it (a true minus,
 * an approximately-equal sign) are written with their plain equivalents.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { ChartView, ChartTable, ReportView } from './view.js';

export interface PdfOptions {
  /** Leave the page streams uncompressed (tests read the text). */
  compress?: boolean;
}

const MARGIN = 50;
const FOOTER = 28;
const BLUE = '#1f5fa8';
const GREY = '#555555';

const REPLACEMENTS: Record<string, string> = {
  '\u2212': '-',
  '\u2248': '~',
  '\u202f': ' ',
  '\u2009': ' ',
  '\u2011': '-',
  '\u2264': '<=',
  '\u2265': '>=',
};
const WIN_ANSI_EXTRA = new Set([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ']);

/** Text the standard fonts can show: Windows-1252, other characters replaced. */
export function pdfText(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (REPLACEMENTS[c] !== undefined) {
      out += REPLACEMENTS[c];
    } else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || c === '\n') {
      out += c;
    } else {
      out += WIN_ANSI_EXTRA.has(c) ? c : '?';
    }
  }
  return out;
}

type Doc = PDFKit.PDFDocument;

const contentWidth = (doc: Doc) => doc.page.width - MARGIN * 2;
const bottom = (doc: Doc) => doc.page.height - MARGIN - FOOTER;

/** Starts a new page unless `height` points still fit on this one. */
function room(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) {
    doc.addPage();
  }
}

function heading(doc: Doc, text: string, size = 16): void {
  room(doc, size * 4);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor(BLUE);
  doc.text(pdfText(text), MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3).fillColor('black').font('Helvetica').fontSize(10);
}

function paragraph(doc: Doc, text: string, options: { size?: number; colour?: string } = {}) {
  doc
    .font('Helvetica')
    .fontSize(options.size ?? 10)
    .fillColor(options.colour ?? 'black');
  room(doc, doc.heightOfString(pdfText(text), { width: contentWidth(doc) }));
  doc.text(pdfText(text), MARGIN, doc.y, { width: contentWidth(doc) });
}

/** Rows of label and value, the label in bold. */
function pairs(doc: Doc, rows: { label: string; value: string }[], labelWidth = 170) {
  const valueWidth = contentWidth(doc) - labelWidth - 10;
  for (const row of rows) {
    doc.font('Helvetica').fontSize(10);
    const height = Math.max(
      doc.heightOfString(pdfText(row.value), { width: valueWidth }),
      doc.font('Helvetica-Bold').heightOfString(pdfText(row.label), { width: labelWidth }),
    );
    room(doc, height + 4);
    const y = doc.y;
    doc.font('Helvetica-Bold').text(pdfText(row.label), MARGIN, y, { width: labelWidth });
    doc.font('Helvetica').text(pdfText(row.value), MARGIN + labelWidth + 10, y, {
      width: valueWidth,
    });
    doc.y = y + height + 4;
  }
}

/** A table with equal columns after a wider first one, its header repeated on a new page. */
function table(doc: Doc, data: ChartTable, size = 8): void {
  const width = contentWidth(doc);
  const first = Math.min(110, width / 3);
  const rest = data.head.length > 1 ? (width - first) / (data.head.length - 1) : width - first;
  const widths = data.head.map((_, i) => (i === 0 ? first : rest));
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return (
      Math.max(
        ...cells.map((cell, i) => doc.heightOfString(pdfText(cell), { width: widths[i]! - 4 })),
      ) + 4
    );
  };
  const draw = (cells: string[], font: string) => {
    const height = rowHeight(cells, font);
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      if (font !== 'Helvetica-Bold') {
        draw(data.head, 'Helvetica-Bold');
      }
    }
    const y = doc.y;
    let x = MARGIN;
    doc.font(font).fontSize(size).fillColor('black');
    cells.forEach((cell, i) => {
      doc.text(pdfText(cell), x + 2, y + 2, { width: widths[i]! - 4 });
      x += widths[i]!;
    });
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(MARGIN + width, y + height)
      .lineWidth(0.5)
      .strokeColor('#cccccc')
      .stroke();
    doc.y = y + height;
  };
  draw(data.head, 'Helvetica-Bold');
  for (const row of data.rows) {
    draw(row, 'Helvetica');
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

/** The chart's SVG drawn at the content width, with its title under it. */
function chart(doc: Doc, view: ChartView): void {
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(view.svg);
  const svgWidth = Number(size?.[1] ?? 400);
  const svgHeight = Number(size?.[2] ?? 200);
  const width = Math.min(contentWidth(doc), svgWidth);
  const height = (svgHeight * width) / svgWidth;
  room(doc, height + 24);
  const y = doc.y;
  SVGtoPDF(doc, view.svg, MARGIN, y, { width, height, assumePt: true });
  doc.y = y + height + 4;
  paragraph(doc, view.title, { size: 8, colour: GREY });
  doc.moveDown(0.4);
}

function titlePage(doc: Doc, view: ReportView): void {
  doc.y = 180;
  doc.font('Helvetica-Bold').fontSize(24).fillColor(BLUE);
  doc.text(pdfText(view.title), MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.5);
  paragraph(doc, view.messages.subtitle, { size: 12, colour: GREY });
  doc.moveDown(2);
  pairs(doc, view.facts, 120);
}

function metrics(doc: Doc, view: ReportView): void {
  const m = view.messages;
  heading(doc, m.keyMetrics);
  for (const metric of view.metrics) {
    room(doc, 120);
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(13).fillColor('black');
    doc.text(pdfText(metric.name), MARGIN, doc.y, { width: contentWidth(doc) });
    doc.font('Helvetica-Bold').fontSize(18).fillColor(BLUE);
    doc.text(pdfText(metric.value), MARGIN, doc.y, { continued: true });
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor(GREY)
      .text(pdfText(`   ${metric.qualifier}`));
    paragraph(doc, metric.detail, { size: 9, colour: GREY });
    doc.moveDown(0.2);
    paragraph(doc, `${m.definitions}: ${metric.definition}`, { size: 9 });
    doc.moveDown(0.3);
    if (metric.chart) {
      chart(doc, metric.chart);
    } else if (metric.missing) {
      paragraph(doc, metric.missing, { size: 9, colour: GREY });
    }
  }
}

function footers(doc: Doc, view: ReportView): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor(GREY);
    doc.text(pdfText(view.messages.page(i + 1, range.count)), MARGIN, y, {
      width: contentWidth(doc),
      align: 'right',
      lineBreak: false,
    });
    doc.text(pdfText(view.facts[0]?.value ?? ''), MARGIN, y, {
      width: contentWidth(doc) / 2,
      lineBreak: false,
    });
  }
}

/** The report as a PDF. Render the view's charts first. */
export async function renderPdf(
  view: ReportView,
  meta: { generatedAt: Date; subject: string },
  options: PdfOptions = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    compress: options.compress ?? true,
    lang: view.locale,
    displayTitle: true,
    info: {
      Title: view.title,
      Author: 'Guild',
      Subject: meta.subject,
      Creator: 'Guild',
      Producer: 'Guild',
      CreationDate: meta.generatedAt,
      ModDate: meta.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const m = view.messages;

  titlePage(doc, view);
  doc.addPage();
  heading(doc, m.summary);
  pairs(doc, view.summary);
  metrics(doc, view);
  doc.addPage();
  heading(doc, m.supporting);
  table(doc, view.supporting, 7);
  heading(doc, m.costs);
  chart(doc, view.costs.chart);
  table(doc, {
    head: [m.category, m.amount],
    rows: [...view.costs.rows, view.costs.total].map((row) => [row.label, row.value]),
  });
  heading(doc, m.notes);
  if (view.notes.length === 0) {
    paragraph(doc, m.noNotes);
  }
  for (const note of view.notes) {
    paragraph(doc, `• ${note}`);
    doc.moveDown(0.2);
  }
  doc.addPage();
  heading(doc, m.methods);
  for (const part of m.methodParagraphs) {
    heading(doc, part.title, 12);
    paragraph(doc, part.text);
  }
  heading(doc, m.definitions, 12);
  for (const metric of view.metrics) {
    room(doc, 40);
    doc.font('Helvetica-Bold').fontSize(10).text(pdfText(metric.name), MARGIN, doc.y);
    paragraph(doc, metric.definition, { size: 9 });
    doc.moveDown(0.3);
  }
  footers(doc, view);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
