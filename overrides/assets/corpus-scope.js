// Material for MkDocs' first script (partials/javascripts/base.html): where the theme keeps
// the reader's settings (colour scheme…) in localStorage. One cached file instead of a
// copy in every page's head (see overrides/partials/javascripts/base.html). The scope is
// the site's root, which is the folder above this file's: the same URL Material computes
// from the page's base_url. The rest is Material's script unchanged.
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
