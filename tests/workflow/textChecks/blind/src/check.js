const fs=require('fs');
const P=JSON.parse(fs.readFileSync('../problems.json','utf8')), F=JSON.parse(fs.readFileSync('../fair.json','utf8'));
const K=['accurate','truthful','fair','complete','balanced','agency_view','objectivity','political_neutrality','privacy'];
const kinds=['written_reference','promotional_quote','case_study','website_quote','verbal_script','logo_use'];
let err=[],ids=new Set(),dist={},nph=0,missing=0,short=[];
const wc=t=>t.split(/\s+/).filter(Boolean).length;
for(const r of [...P,...F]){ if(ids.has(r.id))err.push('dup '+r.id); ids.add(r.id);
  if(!kinds.includes(r.kind))err.push('kind '+r.id); if(/\{\{|\}\}|\[\[|\]\]/.test(r.text))err.push('markup '+r.id);
  const w=wc(r.text); if(w<40||w>250)short.push(r.id+':'+w);}
for(const p of P){ if(p.problems.length<1||p.problems.length>3)err.push('n '+p.id);
  for(const q of p.problems){ if(!K.includes(q.criterion))err.push('crit '+p.id);
    if(q.phrase===''){ if(q.criterion!=='complete')err.push('empty '+p.id); missing++; }
    else if(p.text.indexOf(q.phrase)<0)err.push('nf '+p.id+' '+q.phrase);
    dist[q.criterion]=(dist[q.criterion]||0)+1; nph++; }}
for(const f of F) for(const n of f.nearMisses) if(f.text.indexOf(n)<0)err.push('nm '+f.id);
console.log({problems:P.length,fair:F.length,phrases:nph,missingOnly:P.filter(p=>p.problems.every(q=>q.phrase==='')).length,emptyPhrase:missing,dist,err,wordcount:short});
